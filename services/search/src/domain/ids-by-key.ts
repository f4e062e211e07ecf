/** Entries as plain data, for the index snapshot: keys and their ids (one id, or several), in parallel. */
export interface IdsByKeyImage {
  readonly keys: readonly string[];
  readonly ids: readonly (string | readonly string[])[];
}

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

  toImage(): IdsByKeyImage {
    const keys: string[] = [];
    const ids: (string | readonly string[])[] = [];
    for (const [key, value] of this.entries) {
      keys.push(key);
      ids.push(typeof value === "string" ? value : [...value]);
    }
    return { keys, ids };
  }

  static fromImage(image: IdsByKeyImage): IdsByKey {
    const index = new IdsByKey();
    const { keys, ids } = image;
    for (let i = 0; i < keys.length; i++) {
      const value = ids[i] ?? [];
      index.entries.set(keys[i] ?? "", typeof value === "string" ? value : [...value]);
    }
    return index;
  }
}
