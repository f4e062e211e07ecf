import type { Stock } from "@bookstore/contracts/catalog/v1/catalog";
import { present } from "./book-json.js";
import type { StockJson } from "./book-schemas.js";
import type { Static } from "typebox";

export const stockJson = (s: Stock | undefined): Static<typeof StockJson> => {
  const stock = present(s, "a stock row");
  return { bookId: stock.bookId, available: stock.available, reserved: stock.reserved, version: stock.version };
};
