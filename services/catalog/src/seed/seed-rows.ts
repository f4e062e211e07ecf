import type { SeedBook } from "../domain/seed-catalog.js";

/** One book per line in the data files: isbn, title, authors, publisher, published (YYYY-MM-DD), price (cents), stock, blurb. */
export type SeedRow = readonly [
  isbn: string,
  title: string,
  authors: readonly string[],
  publisher: string,
  publishedAt: string,
  priceCents: number,
  stock: number,
  description: string,
];

export const shelf = (language: string, category: string, rows: readonly SeedRow[]): SeedBook[] =>
  rows.map(([isbn, title, authors, publisher, publishedAt, priceCents, stock, description]) => ({
    isbn,
    title,
    authors,
    publisher,
    language,
    category,
    priceCents,
    publishedAt,
    description,
    stock,
  }));
