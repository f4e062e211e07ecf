import type { Book } from "@bookstore/contracts/catalog/v1/catalog";
import type { ServiceClients } from "../../clients.js";

/**
 * The books behind a list of ids, in that order. Ids the catalog no longer knows or has deleted are left out:
 * the search index and the popularity ranking may lag a change by a moment.
 */
export async function booksInOrder(
  catalog: ServiceClients["catalog"],
  ids: readonly string[],
  options: { headers: Record<string, string> },
): Promise<Book[]> {
  if (ids.length === 0) return [];
  const res = await catalog.batchGetBooks({ ids: [...ids] }, options);
  const byId = new Map(res.books.filter((b) => !b.deleted).map((b) => [b.id, b]));
  return ids.flatMap((id) => {
    const book = byId.get(id);
    return book ? [book] : [];
  });
}
