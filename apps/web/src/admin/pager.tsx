import { useEffect } from "react";
import { useI18n } from "../i18n/i18n.js";

/**
 * Previous / next and "page / pages" under a paged console list; nothing while everything fits on one page.
 * `total` is undefined until the list has loaded (or when it failed), so a missing answer never moves the page.
 */
export function Pager({ page, size, total, onPage }: { page: number; size: number; total: number | undefined; onPage: (page: number) => void }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil((total ?? 0) / size));
  // A page emptied under the reader (its last rows retried or deleted) steps back to the last page that has rows.
  useEffect(() => {
    if (total !== undefined && page > pages) onPage(pages);
  }, [total, page, pages, onPage]);
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>{t("page.prev")}</button>
      <span>{page} / {pages}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>{t("page.next")}</button>
    </nav>
  );
}
