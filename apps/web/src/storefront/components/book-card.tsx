import { Link } from "../../shared/router.js";
import { formatPrice } from "../../shared/money.js";
import { Cover } from "./cover.js";

export interface CardBook {
  id: string;
  title: string;
  authors: readonly string[];
  priceCents: number;
  coverUrl?: string;
  publisher?: string;
}

export function BookCard({ book, note }: { book: CardBook; note?: string }) {
  return (
    <article className="book-card">
      <Link href={`/books/${book.id}`} className="book-card-link">
        <Cover id={book.id} title={book.title} authors={book.authors} {...(book.coverUrl ? { coverUrl: book.coverUrl } : {})} />
        <h3 className="book-card-title">{book.title}</h3>
      </Link>
      <p className="book-card-authors">{book.authors.join(", ")}</p>
      {note ? <p className="book-card-note">{note}</p> : null}
      <p className="price">{formatPrice(book.priceCents)}</p>
    </article>
  );
}

export function BookGrid({ books, notes }: { books: readonly CardBook[]; notes?: (b: CardBook) => string | undefined }) {
  return (
    <div className="book-grid">
      {books.map((b) => {
        const note = notes?.(b);
        return <BookCard key={b.id} book={b} {...(note ? { note } : {})} />;
      })}
    </div>
  );
}
