import type { SeedCategory } from "../domain/seed-catalog.js";

/** The demo shelves; names are bilingual because the catalogue is. */
export const SEED_CATEGORIES: readonly SeedCategory[] = [
  { key: "computing", name: "计算机/Computing" },
  { key: "literature", name: "文学/Literature" },
  { key: "scifi", name: "科幻/Science Fiction" },
  { key: "history", name: "历史/History" },
  { key: "philosophy", name: "哲学/Philosophy" },
  { key: "business", name: "经济管理/Business" },
  { key: "science", name: "科普/Popular Science" },
  { key: "children", name: "少儿/Children" },
  { key: "art", name: "艺术/Art" },
];
