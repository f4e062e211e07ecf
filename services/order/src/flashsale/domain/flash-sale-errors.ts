import { AppError, Reason, conflict, invalidState, notFound, validationFailed } from "@bookstore/platform/errors";

/** Every failure the flash sale module raises (DESIGN.md "flash sales" for the statuses). */
export const saleNotFound = (id: string) => notFound("flash sale", id);
export const purchaseNotFound = (saleId: string) => notFound("flash sale purchase", saleId);
export const saleBookNotFound = (bookId: string) => notFound("book", bookId);
export const badSaleField = (field: string, message: string) => validationFailed(`${field} ${message}`, { field });
export const saleNotOpen = (saleId: string, window: string) =>
  invalidState(window === "upcoming" ? "the sale has not started" : "the sale has ended", { saleId, window });
export const saleSoldOut = (saleId: string) => new AppError(Reason.OUT_OF_STOCK, "the sale is sold out", { saleId });
export const alreadyBought = (saleId: string) => conflict("you already bought in this sale", { saleId });
