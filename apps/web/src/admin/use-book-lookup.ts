import { useState, type FormEvent } from "react";
import { api, unwrap } from "../api/api-client.js";
import type { Book } from "../api/types.js";
import { useAsync, type AsyncState } from "../shared/use-async.js";
import { isbnQuery } from "./isbn.js";

export interface BookLookup {
  /** What is typed in the search box; it is looked up on submit. */
  text: string;
  setText(text: string): void;
  /** The search form's submit handler: looks the text up from page 1. */
  search(e: FormEvent): void;
  page: number;
  setPage(page: number): void;
  books: AsyncState<{ items: Book[]; total: number }>;
}

/** A paged book list for a console page: every book, or an ISBN exactly, or anything else through the search index. */
export function useBookLookup(size: number): BookLookup {
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const books = useAsync(async (): Promise<{ items: Book[]; total: number }> => {
    const isbn = isbnQuery(query);
    if (isbn) return unwrap(api.GET("/api/v1/books", { params: { query: { isbn } } }));
    if (query) return unwrap(api.GET("/api/v1/search", { params: { query: { q: query, page, size } } }));
    return unwrap(api.GET("/api/v1/books", { params: { query: { page, size } } }));
  }, [query, page, size]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setQuery(text.trim());
  };
  return { text, setText, search, page, setPage, books };
}
