import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

interface BookJson {
  id: string;
  isbn: string;
  title: string;
  authors: string[];
  publisher: string;
  language: string;
  categoryId: string;
  priceCents: number;
  currency: string;
  description: string;
  coverUrl: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const BOOK_KEYS = [
  "id", "isbn", "title", "authors", "publisher", "language", "categoryId", "priceCents", "currency", "description",
  "coverUrl", "publishedAt", "createdAt", "updatedAt",
].sort();

/** A valid ISBN-13 nobody else uses (979 prefix, random body, computed check digit). */
function isbn13(): string {
  const body = `979${String(randomInt(0, 1_000_000_000)).padStart(9, "0")}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

describe("books, categories and stock through the gateway", () => {
  let bs: TestBookstore;
  let editor: ApiClient;
  let customer: ApiClient;
  let categoryId: string;

  beforeAll(async () => {
    bs = await startBookstore();
    editor = await bs.login("editor");
    customer = await bs.newCustomer();
    const categories = await bs.request("GET", "/api/v1/categories");
    categoryId = categories.json.items[0].id;
  });
  afterAll(() => bs.close());

  const newBook = (overrides: Record<string, unknown> = {}) => ({
    isbn: isbn13(),
    title: `E2E Book ${randomInt(1_000_000)}`,
    authors: ["E2E Author"],
    publisher: "E2E Press",
    language: "en",
    categoryId,
    priceCents: 5_900,
    ...overrides,
  });

  it("pages the seeded catalogue: 200+ books, Chinese titles among them, in DESIGN.md's list shape", async () => {
    const first = await bs.request("GET", "/api/v1/books?page=1&size=50");
    expect(first.status, first.text).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual(["items", "page", "size", "total"]);
    expect(first.json).toMatchObject({ page: 1, size: 50 });
    expect(first.json.total).toBeGreaterThanOrEqual(200);
    expect(first.json.items).toHaveLength(50);
    const items: BookJson[] = first.json.items;
    expect(Object.keys(items[0]!).sort()).toEqual(BOOK_KEYS);
    expect(items.every((b) => /^\d{13}$/.test(b.isbn) && b.currency === "CNY" && typeof b.id === "string")).toBe(true);
    expect(items.some((b) => /[\u4e00-\u9fff]/.test(b.title))).toBe(true);

    const second = await bs.request("GET", "/api/v1/books?page=2&size=50");
    const overlap = (second.json.items as BookJson[]).filter((b) => items.some((i) => i.id === b.id));
    expect(overlap).toEqual([]);

    const chinese = await bs.request("GET", "/api/v1/books?language=zh&size=100");
    expect(chinese.json.total).toBeGreaterThanOrEqual(80);
    expect((chinese.json.items as BookJson[]).every((b) => b.language === "zh")).toBe(true);
    expect((chinese.json.items as BookJson[]).some((b) => b.title.includes("计算机"))).toBe(true);

    const shelf = await bs.request("GET", `/api/v1/books?categoryId=${categoryId}&size=5`);
    expect((shelf.json.items as BookJson[]).every((b) => b.categoryId === categoryId)).toBe(true);
  });

  it("shows a book's detail with its stock status and recommendations, the same again from the cache", async () => {
    const book: BookJson = (await bs.request("GET", "/api/v1/books?size=1")).json.items[0];
    const res = await bs.request("GET", `/api/v1/books/${book.id}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.json).toMatchObject({ ...book, stockStatus: "in_stock" });
    expect(Array.isArray(res.json.recommendations)).toBe(true);
    for (const r of res.json.recommendations as BookJson[]) {
      expect(Object.keys(r).sort()).toEqual(BOOK_KEYS);
      expect(r.id).not.toBe(book.id);
    }
    const again = await bs.request("GET", `/api/v1/books/${book.id}`);
    expect(again.text).toBe(res.text);
  });

  it("answers an unknown book with 404 NOT_FOUND and a non-numeric id with 400", async () => {
    const missing = await bs.request("GET", "/api/v1/books/123456789012345678");
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: "NOT_FOUND", message: expect.any(String) });
    const bad = await bs.request("GET", "/api/v1/books/abc");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION_FAILED");
  });

  it("lets an editor create, update and delete a book; a deleted book is 404", async () => {
    const isbn = isbn13();
    const created = await editor.post("/api/v1/books", {
      ...newBook(),
      isbn: `${isbn.slice(0, 3)}-${isbn.slice(3, 8)}-${isbn.slice(8)}`,
      description: "Made by the e2e suite.",
      publishedAt: "2024-05-01",
    });
    expect(created.status, created.text).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual(BOOK_KEYS);
    expect(created.json).toMatchObject({ isbn, currency: "CNY", publishedAt: "2024-05-01", categoryId });
    const id: string = created.json.id;

    const detail = await bs.request("GET", `/api/v1/books/${id}`);
    expect(detail.json).toMatchObject({ id, stockStatus: "out_of_stock", recommendations: expect.any(Array) });

    const patched = await editor.patch(`/api/v1/books/${id}`, { title: "Renamed by E2E", priceCents: 100, publishedAt: null });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ id, title: "Renamed by E2E", priceCents: 100, publishedAt: null, isbn });
    // The detail cache was dropped by the PATCH: the next read shows the change.
    expect((await bs.request("GET", `/api/v1/books/${id}`)).json.title).toBe("Renamed by E2E");

    const stocked = await editor.put(`/api/v1/books/${id}/stock`, { available: 3 });
    expect(stocked.status, stocked.text).toBe(200);
    expect(stocked.json).toMatchObject({ bookId: id, available: 3, reserved: 0 });
    expect((await bs.request("GET", `/api/v1/books/${id}`)).json.stockStatus).toBe("low_stock");
    expect((await editor.get(`/api/v1/books/${id}/stock`)).json).toEqual(stocked.json);

    const deleted = await editor.delete(`/api/v1/books/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const gone = await bs.request("GET", `/api/v1/books/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("NOT_FOUND");
    expect((await editor.delete(`/api/v1/books/${id}`)).status).toBe(404);
    expect((await editor.get(`/api/v1/books/${id}/stock`)).status).toBe(404);
  });

  it("refuses writes from a customer (403) and from anonymous callers (401)", async () => {
    const asCustomer = await customer.post("/api/v1/books", newBook());
    expect(asCustomer.status).toBe(403);
    expect(asCustomer.json.error.code).toBe("FORBIDDEN");
    const anonymous = await bs.anonymous.post("/api/v1/books", newBook());
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("UNAUTHENTICATED");
    const book: BookJson = (await bs.request("GET", "/api/v1/books?size=1")).json.items[0];
    expect((await customer.get(`/api/v1/books/${book.id}/stock`)).status).toBe(403);
    expect((await customer.put(`/api/v1/books/${book.id}/stock`, { available: 1 })).status).toBe(403);
    expect((await customer.post("/api/v1/categories", { name: "Nope" })).status).toBe(403);
    expect((await bs.anonymous.delete(`/api/v1/books/${book.id}`)).status).toBe(401);
  });

  it("rejects a bad ISBN, a string price, an unknown field and an unknown category with 400, a duplicate ISBN with 409", async () => {
    for (const body of [
      newBook({ isbn: "9787536692931" }),
      newBook({ priceCents: "100" }),
      newBook({ priceCents: -1 }),
      { ...newBook(), colour: "red" },
      newBook({ authors: [] }),
      newBook({ categoryId: "999999999" }),
      newBook({ publishedAt: "2024-02-30" }),
    ]) {
      const res = await editor.post("/api/v1/books", body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    const seeded: BookJson = (await bs.request("GET", "/api/v1/books?size=1")).json.items[0];
    const duplicate = await editor.post("/api/v1/books", newBook({ isbn: seeded.isbn }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe("CONFLICT");
    expect((await editor.patch(`/api/v1/books/${seeded.id}`, {})).status).toBe(400);
    expect((await editor.patch(`/api/v1/books/${seeded.id}`, { priceCents: "1" })).status).toBe(400);
  });

  it("sets stock only to a whole number from 0 to 1,000,000", async () => {
    const book: BookJson = (await bs.request("GET", "/api/v1/books?page=3&size=1")).json.items[0];
    for (const available of [-1, 1.5, "5", 1_000_001]) {
      const res = await editor.put(`/api/v1/books/${book.id}/stock`, { available });
      expect(res.status, JSON.stringify(available)).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_FAILED");
    }
    const zero = await editor.put(`/api/v1/books/${book.id}/stock`, { available: 0 });
    expect(zero.json.available).toBe(0);
    expect((await bs.request("GET", `/api/v1/books/${book.id}`)).json.stockStatus).toBe("out_of_stock");
  });

  it("lists categories publicly and lets an editor add one, unique by name", async () => {
    const listed = await bs.request("GET", "/api/v1/categories");
    expect(listed.status).toBe(200);
    expect(listed.json.items.length).toBeGreaterThanOrEqual(8);
    expect(listed.json.items[0]).toEqual({ id: expect.any(String), name: expect.any(String), parentId: null });
    expect((listed.json.items as { name: string }[]).map((c) => c.name)).toContain("计算机/Computing");

    const name = `E2E Shelf ${randomInt(1_000_000)}`;
    const created = await editor.post("/api/v1/categories", { name, parentId: categoryId });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toEqual({ id: expect.any(String), name, parentId: categoryId });
    const again = await editor.post("/api/v1/categories", { name: name.toUpperCase() });
    expect(again.status).toBe(409);
    expect((await editor.post("/api/v1/categories", { name: "" })).status).toBe(400);
  });
});
