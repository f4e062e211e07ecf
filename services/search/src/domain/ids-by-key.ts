/**
 * Book ids filed under exact keys (ISBN, whole author name, whole title). Most keys name one book, so a key holds a
 * bare id until a second one arrives: a Set per key would cost more than the ids themselves at 100k books.
 */
export class IdsByKey {
  private readonly entries = new Map<string, string | string[]>();

  add(key: string, id: string): void {
    if (key === "") return;
    const current = this.entries.get(key);
    if (current === undefined) this.entries.set(key, id);
    else if (typeof current === "string") {
      if (current !== id) this.entries.set(key, [current, id]);
    } else if (!current.includes(id)) current.push(id);
  }

  delete(key: string, id: string): void {
    const current = this.entries.get(key);
    if (current === undefined) return;
    if (typeof current === "string") {
      if (current === id) this.entries.delete(key);
      return;
    }
    const rest = current.filter((other) => other !== id);
    this.entries.set(key, rest.length === 1 ? (rest[0] ?? "") : rest);
  }

  get(key: string): readonly string[] {
    const current = this.entries.get(key);
    return current === undefined ? [] : typeof current === "string" ? [current] : current;
  }
}
