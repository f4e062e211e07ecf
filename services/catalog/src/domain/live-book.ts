import type { Book } from "./book.js";
import type { BookRepository } from "./book-repository.js";
import type { CategoryRepository } from "./category-repository.js";
import type { Category } from "./category.js";
import { bookNotFound, unknownCategory } from "./errors.js";

/** A deleted book is NOT_FOUND to every read and write, as if it never existed. */
export async function liveBook(books: Pick<BookRepository, "byId">, id: string): Promise<Book> {
  const book = await books.byId(id);
  if (!book || book.deleted) throw bookNotFound(id);
  return book;
}

/** A reference to a category must name one that exists (VALIDATION_FAILED: the request is wrong, not the URL). */
export async function existingCategory(categories: CategoryRepository, field: string, id: string): Promise<Category> {
  const category = await categories.byId(id);
  if (!category) throw unknownCategory(field, id);
  return category;
}
