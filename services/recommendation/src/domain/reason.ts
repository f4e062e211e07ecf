import type { CatalogMirror } from "./catalog-mirror.js";

export type ReasonCode =
  | "bought_together" | "viewed_together" | "same_author" | "similar_title" | "popular_in_category" | "popular" | "new_arrival";

/** Why a book is on the list, in words a customer can check ("bought together with “…”"). */
export interface Reason {
  readonly code: ReasonCode;
  readonly text: string;
  /** The book it relates to (one the user bought or viewed, or the page's book); none for rankings. */
  readonly relatedBookId?: string;
}

const quoted = (title: string | undefined) => (title ? `“${title}”` : "a book you looked at");

/** Writes the reason for `bookId`, naming the related book or the book's category from the catalog mirror. */
export function reasonFor(code: ReasonCode, bookId: string, mirror: CatalogMirror, relatedBookId?: string): Reason {
  const related = relatedBookId === undefined ? {} : { relatedBookId };
  const relatedTitle = relatedBookId === undefined ? undefined : mirror.get(relatedBookId)?.title;
  const categoryId = mirror.categoryOf(bookId);
  const category = categoryId === undefined ? undefined : mirror.categoryName(categoryId);
  switch (code) {
    case "bought_together":
      return { code, text: `bought together with ${quoted(relatedTitle)}`, ...related };
    case "viewed_together":
      return { code, text: `viewed together with ${quoted(relatedTitle)}`, ...related };
    case "same_author":
      return { code, text: `same author as ${quoted(relatedTitle)}`, ...related };
    case "similar_title":
      return { code, text: `similar to ${quoted(relatedTitle)}`, ...related };
    case "popular_in_category":
      return category ? { code, text: `popular in ${category}` } : { code: "popular", text: "popular right now" };
    case "popular":
      return { code, text: "popular right now" };
    case "new_arrival":
      return { code, text: category ? `new in ${category}` : "new arrival" };
  }
}
