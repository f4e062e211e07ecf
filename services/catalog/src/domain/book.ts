import { badField, badIsbn } from "./errors.js";
import { isValidIsbn13, normalizeIsbn } from "./isbn.js";

/** The only currency the store sells in (DESIGN.md "API conventions"). */
export const CURRENCY = "CNY";

export const BOOK_LIMITS = {
  titleMax: 300,
  authorsMax: 20,
  authorMax: 100,
  publisherMax: 200,
  descriptionMax: 10_000,
  coverUrlMax: 1_000,
  priceCentsMax: 100_000_000,
} as const;

/** A book as the catalog keeps it. Deleted books stay (soft delete) so the change feed can report them. */
export interface Book {
  readonly id: string;
  readonly isbn: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly publisher: string;
  /** ISO 639-1, lower case ("zh", "en", …). */
  readonly language: string;
  readonly categoryId: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly description: string;
  readonly coverUrl: string;
  /** YYYY-MM-DD, or null when unknown. */
  readonly publishedAt: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly deleted: boolean;
}

/** What an editor sets on a book; everything else (id, times, deleted) the catalog decides. */
export interface BookFields {
  readonly isbn: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly publisher: string;
  readonly language: string;
  readonly categoryId: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly description: string;
  readonly coverUrl: string;
  readonly publishedAt: string | null;
}

export type BookPatch = Partial<BookFields>;

// Each rule normalizes what it accepts (trim, case, separators) so stored values are canonical.

export function isbnField(raw: string): string {
  const isbn = normalizeIsbn(raw);
  if (!isValidIsbn13(isbn)) throw badIsbn(raw);
  return isbn;
}

function text(field: string, raw: string, min: number, max: number): string {
  const value = raw.trim();
  // Code points, not UTF-16 units: a CJK or emoji title counts what a reader sees (as the gateway's JSON Schema does).
  const length = [...value].length;
  if (length < min || length > max) {
    throw badField(field, min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`, { max });
  }
  return value;
}

export const titleField = (raw: string): string => text("title", raw, 1, BOOK_LIMITS.titleMax);
export const publisherField = (raw: string): string => text("publisher", raw, 0, BOOK_LIMITS.publisherMax);
export const descriptionField = (raw: string): string => text("description", raw, 0, BOOK_LIMITS.descriptionMax);
export const coverUrlField = (raw: string): string => text("coverUrl", raw, 0, BOOK_LIMITS.coverUrlMax);

export function authorsField(raw: readonly string[]): string[] {
  if (raw.length < 1 || raw.length > BOOK_LIMITS.authorsMax)
    throw badField("authors", `must list 1 to ${BOOK_LIMITS.authorsMax} authors`, { max: BOOK_LIMITS.authorsMax });
  return raw.map((a, i) => text(`authors[${i}]`, a, 1, BOOK_LIMITS.authorMax));
}

/** ISO 639-1: two letters. "zh" and "en" are what the store mostly sells, any other language is allowed. */
export function languageField(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!/^[a-z]{2}$/.test(value)) throw badField("language", "must be an ISO 639-1 code such as zh or en");
  return value;
}

export function priceCentsField(raw: number): number {
  if (!Number.isSafeInteger(raw) || raw < 0 || raw > BOOK_LIMITS.priceCentsMax)
    throw badField("priceCents", `must be an integer from 0 to ${BOOK_LIMITS.priceCentsMax}`, { max: BOOK_LIMITS.priceCentsMax });
  return raw;
}

/** Empty means the default; anything but CNY is refused rather than silently relabelled. */
export function currencyField(raw: string): string {
  const value = raw.trim().toUpperCase();
  if (value === "" || value === CURRENCY) return CURRENCY;
  throw badField("currency", `must be ${CURRENCY}`, { allowed: [CURRENCY] });
}

/** A real calendar date (2023-02-30 is refused), or empty/null for unknown. */
export function publishedAtField(raw: string | null): string | null {
  if (raw === null) return null;
  const value = raw.trim();
  if (value === "") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw badField("publishedAt", "must be a date written YYYY-MM-DD");
  return value;
}

/** Validates and normalizes every field of a new book. The category's existence is the use case's check. */
export function bookFields(input: BookFields): BookFields {
  return {
    isbn: isbnField(input.isbn),
    title: titleField(input.title),
    authors: authorsField(input.authors),
    publisher: publisherField(input.publisher),
    language: languageField(input.language),
    categoryId: input.categoryId,
    priceCents: priceCentsField(input.priceCents),
    currency: currencyField(input.currency),
    description: descriptionField(input.description),
    coverUrl: coverUrlField(input.coverUrl),
    publishedAt: publishedAtField(input.publishedAt),
  };
}

export const newBook = (id: string, fields: BookFields, nowMs: number): Book => ({
  id,
  ...bookFields(fields),
  createdAtMs: nowMs,
  updatedAtMs: nowMs,
  deleted: false,
});

/** Applies only the fields present in the patch, each through its rule. */
export function patchBook(book: Book, patch: BookPatch, nowMs: number): Book {
  const p = patch;
  return {
    ...book,
    isbn: p.isbn === undefined ? book.isbn : isbnField(p.isbn),
    title: p.title === undefined ? book.title : titleField(p.title),
    authors: p.authors === undefined ? book.authors : authorsField(p.authors),
    publisher: p.publisher === undefined ? book.publisher : publisherField(p.publisher),
    language: p.language === undefined ? book.language : languageField(p.language),
    categoryId: p.categoryId ?? book.categoryId,
    priceCents: p.priceCents === undefined ? book.priceCents : priceCentsField(p.priceCents),
    currency: p.currency === undefined ? book.currency : currencyField(p.currency),
    description: p.description === undefined ? book.description : descriptionField(p.description),
    coverUrl: p.coverUrl === undefined ? book.coverUrl : coverUrlField(p.coverUrl),
    publishedAt: p.publishedAt === undefined ? book.publishedAt : publishedAtField(p.publishedAt),
    updatedAtMs: nowMs,
  };
}

export const softDelete = (book: Book, nowMs: number): Book => ({ ...book, deleted: true, updatedAtMs: nowMs });
