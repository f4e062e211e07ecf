import type { BatchGetBooks } from "../domain/batch-get-books.js";
import type { BatchGetStock } from "../domain/batch-get-stock.js";
import type { ConfirmStock } from "../domain/confirm-stock.js";
import type { CreateBook } from "../domain/create-book.js";
import type { CreateCategory } from "../domain/create-category.js";
import type { DeleteBook } from "../domain/delete-book.js";
import type { GetBook } from "../domain/get-book.js";
import type { GetStock } from "../domain/get-stock.js";
import type { ListBookChanges } from "../domain/list-book-changes.js";
import type { ListBooks } from "../domain/list-books.js";
import type { ListCategories } from "../domain/list-categories.js";
import type { ReleaseStock } from "../domain/release-stock.js";
import type { ReserveStock } from "../domain/reserve-stock.js";
import type { SetStock } from "../domain/set-stock.js";
import type { UpdateBook } from "../domain/update-book.js";

/** Everything the handlers call, built in main.ts. */
export interface CatalogUseCases {
  getBook: GetBook;
  batchGetBooks: BatchGetBooks;
  listBooks: ListBooks;
  listBookChanges: ListBookChanges;
  createBook: CreateBook;
  updateBook: UpdateBook;
  deleteBook: DeleteBook;
  listCategories: ListCategories;
  createCategory: CreateCategory;
  getStock: GetStock;
  batchGetStock: BatchGetStock;
  setStock: SetStock;
  reserveStock: ReserveStock;
  releaseStock: ReleaseStock;
  confirmStock: ConfirmStock;
  /** After a caller's write commits: their next reads come from the primary (read-your-writes). */
  noteWrite: (userId: string) => void;
}
