import type { paths } from "@bookstore/contracts/openapi";

/** Shapes of the API, taken from the generated OpenAPI types (never written by hand). */
type Json<P extends keyof paths, M extends keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type Book = Json<"/api/v1/books", "get">["items"][number];
export type BookDetail = Json<"/api/v1/books/{id}", "get">;
export type SearchResult = Json<"/api/v1/search", "get">;
export type SearchHit = SearchResult["items"][number];
export type Cart = Json<"/api/v1/cart", "get">;
export type Order = Json<"/api/v1/orders/{id}", "get">;
export type OrderStatus = Order["status"];
export type Address = Json<"/api/v1/users/me/addresses", "get">["items"][number];
export type Coupon = Json<"/api/v1/coupons", "get">["items"][number];
export type Category = Json<"/api/v1/categories", "get">["items"][number];
export type RecommendedBook = Json<"/api/v1/recommendations", "get">["items"][number];
export type SearchSort = NonNullable<NonNullable<paths["/api/v1/search"]["get"]["parameters"]["query"]>["sort"]>;
