import type { Logger } from "@bookstore/platform/logger";
import { BreakerRejectedError, type Breaker } from "@bookstore/platform/resilience";
import type { ServiceClients } from "../../clients.js";
import { booksInOrder } from "../search/books-in-order.js";
import { bookJson, present, type BookJson } from "./book-json.js";
import type { StockStatus } from "./book-schemas.js";

export const RECOMMENDATIONS_ON_DETAIL = 6;
/** At or below this many available units the page says "low stock". */
export const LOW_STOCK_THRESHOLD = 5;

export type CallOptions = { headers: Record<string, string> };

export function stockStatusOf(available: number | undefined): StockStatus {
  if (available === undefined) return "unknown";
  if (available <= 0) return "out_of_stock";
  return available <= LOW_STOCK_THRESHOLD ? "low_stock" : "in_stock";
}

/**
 * GET /books/{id}: the book, its stock badge and "also viewed" books, fanned out to the catalog and the
 * recommendation service. The book itself must load (its failure is the response); stock and recommendations
 * each fall back on their own ("unknown", []) so a sick neighbour never takes the page down; each goes through its
 * own circuit breaker, so while a neighbour is sick the fallback is immediate instead of waiting out a timeout.
 *
 * The answer is the same for every caller, so it is cached (book-details.ts) as the serialized JSON string.
 */
/** An open or saturated breaker is already logged once when it changes state and counted per call in metrics. */
const quietFallback = (err: unknown) => err instanceof BreakerRejectedError && err.reason !== "timeout";

export class BookDetailLoader {
  constructor(
    private readonly clients: ServiceClients,
    private readonly logger: Logger,
    private readonly breakers: { stock: Breaker; recommendations: Breaker },
    /** features.recommendationsOnBookDetail, read per load: off means no recommendation call and an empty list. */
    private readonly showRecommendations: () => boolean = () => true,
  ) {}

  /** The serialized detail; rejects with the catalog's error (NOT_FOUND for an unknown or deleted book). */
  async load(id: string, call: CallOptions): Promise<string> {
    // All three start at once; the optional two settle to their fallbacks and never reject.
    const [book, stockStatus, recommendations] = await Promise.all([
      this.clients.catalog.getBook({ id }, call).then((r) => present(r.book, "a book")),
      this.stockStatus(id, call),
      this.showRecommendations() ? this.recommendations(id, call) : Promise.resolve([]),
    ]);
    return JSON.stringify({ ...bookJson(book), stockStatus, recommendations });
  }

  private async stockStatus(id: string, call: CallOptions): Promise<StockStatus> {
    try {
      const res = await this.breakers.stock.run((signal) => this.clients.catalog.batchGetStock({ bookIds: [id] }, { ...call, signal }));
      return stockStatusOf(res.stocks.find((s) => s.bookId === id)?.available);
    } catch (err) {
      if (!quietFallback(err)) this.logger.warn({ err, bookId: id }, "book detail: stock unavailable, showing unknown");
      return "unknown";
    }
  }

  private async recommendations(id: string, call: CallOptions): Promise<BookJson[]> {
    try {
      return await this.breakers.recommendations.run(async (signal) => {
        // "Also viewed": the book's neighbours in the item model (content neighbours for a book nobody co-read
        // yet), not the popular fill of GET /recommendations?bookId=.
        const rec = await this.clients.recommendation.forBook(
          { bookId: id, limit: RECOMMENDATIONS_ON_DETAIL, neighboursOnly: true },
          { ...call, signal },
        );
        const withSignal = { ...call, signal };
        // Most similar first, as the model ranked them.
        return (await booksInOrder(this.clients.catalog, rec.bookIds.filter((other) => other !== id), withSignal)).map(bookJson);
      });
    } catch (err) {
      if (!quietFallback(err)) this.logger.warn({ err, bookId: id }, "book detail: recommendations unavailable, showing none");
      return [];
    }
  }
}
