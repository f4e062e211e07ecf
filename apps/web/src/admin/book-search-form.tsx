import { useI18n } from "../i18n/i18n.js";
import type { BookLookup } from "./use-book-lookup.js";

/** The search box of a page that lists books through `useBookLookup`; `label` names what it finds. */
export function BookSearchForm({ lookup, label }: { lookup: BookLookup; label: string }) {
  const { t } = useI18n();
  return (
    <form role="search" onSubmit={lookup.search} className="inline-form">
      <input type="search" value={lookup.text} onChange={(e) => lookup.setText(e.target.value)} aria-label={label} placeholder={label} />
      <button type="submit" className="secondary">{t("nav.searchButton")}</button>
    </form>
  );
}
