import { validEvent, type BehaviourEvent, type EventInput } from "./behaviour-event.js";
import type { BookLookup } from "./book-lookup.js";
import type { CatalogMirror } from "./catalog-mirror.js";
import { catalogUnavailable, unknownBook } from "./errors.js";
import type { Clock, EventIngest, Ids } from "./ports.js";

/**
 * Accepts one behaviour event: checked (type, value, feedback kind, a book the catalog lists), given its id and
 * time, and handed to the ingest. Its client event id (assigned when the client sent none) makes a retry harmless.
 */
export class RecordEvent {
  constructor(
    private readonly deps: { ingest: EventIngest; mirror: CatalogMirror; books: BookLookup; clock: Clock; ids: Ids },
  ) {}

  async execute(input: EventInput): Promise<BehaviourEvent> {
    const valid = validEvent(input);
    await this.ensureListed(valid.bookId);
    const id = this.deps.ids.next();
    const event: BehaviourEvent = {
      ...valid,
      id,
      clientEventId: valid.clientEventId ?? `server-${id}`,
      createdAtMs: this.deps.clock.now().getTime(),
    };
    await this.deps.ingest.submit(event);
    return event;
  }

  private async ensureListed(bookId: string): Promise<void> {
    const { mirror, books } = this.deps;
    if (mirror.isListed(bookId)) return;
    if (mirror.isGone(bookId)) throw unknownBook(bookId);
    // New since the mirror's last sync, or no book at all: the catalog decides.
    let listed: Set<string>;
    try {
      listed = await books.listed([bookId]);
    } catch (cause) {
      throw catalogUnavailable(cause);
    }
    if (!listed.has(bookId)) throw unknownBook(bookId);
  }
}
