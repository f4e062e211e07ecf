import { FacetCodes, priceBucketIndex } from "./facets.js";
import { compareIds, type IndexedBook } from "./indexed-book.js";
import { exactKey } from "./text-analysis.js";

/** No code: a filter value no book has. */
export const NO_CODE = -1;

/**
 * What filters, facets and sorts read, one typed array per value indexed by slot. A search over 100k matches then
 * reads numbers from a few arrays instead of a property from 100k objects.
 */
export class BookColumns {
  live = new Uint8Array(0);
  inStock = new Uint8Array(0);
  priceCents = new Float64Array(0);
  priceBucket = new Uint8Array(0);
  createdAtMs = new Float64Array(0);
  category = new Int32Array(0);
  language = new Int32Array(0);
  publisher = new Int32Array(0);
  /** The id as a number, for tie-breaks: exact below 2^53, and never out of order beyond (see compareSlotIds). */
  idNumber = new Float64Array(0);
  readonly categories = new FacetCodes();
  readonly languages = new FacetCodes();
  private readonly publishers = new FacetCodes();
  /** Publishers are few: their keys are worked out once each, not once per book. */
  private readonly publisherKeys = new Map<string, string>();

  set(slot: number, book: IndexedBook): void {
    this.ensureCapacity(slot + 1);
    this.live[slot] = 1;
    this.inStock[slot] = book.inStock ? 1 : 0;
    this.priceCents[slot] = book.priceCents;
    this.priceBucket[slot] = priceBucketIndex(book.priceCents);
    this.createdAtMs[slot] = book.createdAtMs;
    this.category[slot] = this.categories.codeOf(book.categoryId);
    this.language[slot] = this.languages.codeOf(book.language.toLowerCase());
    this.publisher[slot] = this.publishers.codeOf(this.publisherKey(book.publisher));
    this.idNumber[slot] = /^(?:0|[1-9]\d{0,19})$/.test(book.id) ? Number(book.id) : Number.NaN;
  }

  clear(slot: number): void {
    if (slot < this.live.length) this.live[slot] = 0;
  }

  categoryCode(categoryId: string): number {
    return this.categories.existingCode(categoryId) ?? NO_CODE;
  }

  languageCode(language: string): number {
    return this.languages.existingCode(language) ?? NO_CODE;
  }

  /** Publishers compare whole keys: case, spacing and punctuation ignored. */
  publisherCode(publisher: string): number {
    return this.publishers.existingCode(exactKey(publisher)) ?? NO_CODE;
  }

  private publisherKey(publisher: string): string {
    let key = this.publisherKeys.get(publisher);
    if (key === undefined) this.publisherKeys.set(publisher, (key = exactKey(publisher)));
    return key;
  }

  private ensureCapacity(slots: number): void {
    if (slots <= this.live.length) return;
    const capacity = Math.max(1024, this.live.length * 2, slots);
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const grown = make(capacity);
      grown.set(old);
      return grown;
    };
    this.live = grow(this.live, (n) => new Uint8Array(n));
    this.inStock = grow(this.inStock, (n) => new Uint8Array(n));
    this.priceCents = grow(this.priceCents, (n) => new Float64Array(n));
    this.priceBucket = grow(this.priceBucket, (n) => new Uint8Array(n));
    this.createdAtMs = grow(this.createdAtMs, (n) => new Float64Array(n));
    this.category = grow(this.category, (n) => new Int32Array(n));
    this.language = grow(this.language, (n) => new Int32Array(n));
    this.publisher = grow(this.publisher, (n) => new Int32Array(n));
    this.idNumber = grow(this.idNumber, (n) => new Float64Array(n));
  }
}

/**
 * Snowflake ids are decimal strings without leading zeros, so their numbers order like compareIds; past 2^53 two ids
 * may round to one number, and only then (or for ids that are not numbers) are the strings compared.
 */
export function compareSlotIds(columns: BookColumns, bySlot: readonly (IndexedBook | undefined)[], a: number, b: number): number {
  const x = columns.idNumber[a] ?? Number.NaN;
  const y = columns.idNumber[b] ?? Number.NaN;
  if (x < y) return -1;
  if (x > y) return 1;
  return compareIds(bySlot[a]?.id ?? "", bySlot[b]?.id ?? "");
}
