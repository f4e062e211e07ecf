import type { ConnectRouter } from "@connectrpc/connect";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import type { ListHotKeywords } from "../domain/list-hot-keywords.js";
import type { SearchBooks } from "../domain/search-books.js";
import type { SuggestCompletions } from "../domain/suggest-completions.js";
import { optionalCents } from "./search-codec.js";

export interface SearchUseCases {
  searchBooks: SearchBooks;
  suggestCompletions: SuggestCompletions;
  listHotKeywords: ListHotKeywords;
}

/** Search is public: no caller is required for any of these. */
export function registerSearchHandlers(router: ConnectRouter, uc: SearchUseCases): void {
  router.service(SearchService, {
    async search(req) {
      const result = uc.searchBooks.execute({
        q: req.q,
        categoryId: req.categoryId,
        minPriceCents: optionalCents(req.minPriceCents),
        maxPriceCents: optionalCents(req.maxPriceCents),
        inStock: req.inStock,
        language: req.language,
        publisher: req.publisher,
        sort: req.sort,
        page: req.page,
        size: req.size,
      });
      return {
        hits: result.hits.map((h) => ({
          bookId: h.bookId,
          score: h.score,
          titleHighlights: [...h.highlights.title],
          descriptionHighlights: [...h.highlights.description],
        })),
        total: result.total,
        categoryFacets: [...result.facets.category],
        priceFacets: [...result.facets.price],
        languageFacets: [...result.facets.language],
      };
    },
    async suggest(req) {
      return { suggestions: uc.suggestCompletions.execute({ q: req.q, limit: req.limit }) };
    },
    async hot(req) {
      return { keywords: await uc.listHotKeywords.execute({ limit: req.limit, window: req.window }) };
    },
  });
}
