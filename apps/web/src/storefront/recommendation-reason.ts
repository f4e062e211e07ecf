import type { Lang, Translate } from "../i18n/i18n.js";
import type { paths } from "@bookstore/contracts/openapi";

type Recommended = paths["/api/v1/recommendations"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** The related book's title: the API's reason text quotes it (“…”) and has no field of its own for it. */
const quotedTitle = (text: string): string | undefined => /“(.+)”/.exec(text)?.[1];

/** Demo category names are bilingual ("计算机/Computing"): the part in the reader's language, else the whole name. */
export function categoryLabel(name: string, lang: Lang): string {
  const parts = name.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return name;
  return lang === "en" ? parts[1] : parts[0];
}

/**
 * Why a book is recommended, in the reader's language: worded here from the API's reasonCode (which exists for
 * clients that word it themselves), because the API's own text is English.
 */
export function wordReason(rec: Pick<Recommended, "reason" | "reasonCode" | "categoryId">, t: Translate, categoryName: (id: string) => string | undefined): string {
  const title = quotedTitle(rec.reason);
  const category = categoryName(rec.categoryId);
  switch (rec.reasonCode) {
    case "bought_together":
      return title ? t("reason.boughtWith", { title }) : t("reason.boughtTogether");
    case "viewed_together":
      return title ? t("reason.viewedWith", { title }) : t("reason.viewedTogether");
    case "same_author":
      return title ? t("reason.sameAuthorAs", { title }) : t("reason.sameAuthor");
    case "similar_title":
      return title ? t("reason.similarTo", { title }) : t("reason.similar");
    case "popular_in_category":
      return category ? t("reason.popularIn", { category }) : t("reason.popular");
    case "popular":
      return t("reason.popular");
    case "new_arrival":
      return category ? t("reason.newIn", { category }) : t("reason.new");
  }
}
