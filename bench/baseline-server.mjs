// Baseline for bench:api: a bare node:http server answering GET /api/v1/books/:id with the same JSON bodies the
// gateway serves (taken from it at bench start), JSON.stringify on every request, nothing else.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";

const port = Number(process.env.PORT ?? 0);
const books = new Map(Object.entries(JSON.parse(readFileSync(process.env.BOOKS_FILE, "utf8"))));
const prefix = "/api/v1/books/";

const server = createServer((req, res) => {
  const book = req.url.startsWith(prefix) ? books.get(req.url.slice(prefix.length)) : undefined;
  const body = book === undefined ? '{"error":{"code":"NOT_FOUND","message":"book not found","details":{}}}' : JSON.stringify(book);
  res.writeHead(book === undefined ? 404 : 200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(port, "127.0.0.1", () => console.log(`baseline listening ${server.address().port}`));
