type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Strategic merge as far as deploy/k8s needs it: mappings merge key by key (null deletes), lists of named items
 * (containers, env, volumes, named ports) merge by name, any other list is replaced.
 */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isObject(base) && isObject(patch)) {
    const out: Json = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = strategicMerge(base[k], v);
    }
    return out;
  }
  const named = (l: unknown): l is Json[] =>
    Array.isArray(l) && l.every((item) => isObject(item) && typeof item["name"] === "string");
  if (named(base) && named(patch) && patch.length > 0) {
    const out = [...base];
    for (const item of patch) {
      const at = out.findIndex((b) => b["name"] === item["name"]);
      if (at >= 0) out[at] = strategicMerge(out[at], item) as Json;
      else out.push(item);
    }
    return out;
  }
  return patch;
}
