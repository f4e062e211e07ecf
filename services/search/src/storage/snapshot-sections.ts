/**
 * The snapshot file's container: named sections, each starting on an 8-byte boundary, then a footer listing them
 * (JSON: name, kind, offset, length), the footer's length (uint32, little-endian) and MAGIC again. The footer comes
 * last so sections can be written as they are encoded, with the event loop free in between.
 *
 * Loading must be fast (a restart serves within 2 s at 100k books), so almost nothing is JSON: numbers are typed
 * arrays stored as their bytes (this platform's byte order, recorded in the footer), and strings are tables — all of
 * a column's strings as one UTF-16 run plus their end offsets — which decode as one string sliced into many instead of
 * millions of parsed values.
 */
export const MAGIC = Buffer.from("BKSEARCH", "latin1");
const ENDIANNESS = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "le" : "be";

type BinaryKind = "u8" | "u16" | "u32" | "f64" | "i32";
type SectionKind = "json" | "utf16" | BinaryKind;
type Binary = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

interface SectionHeader {
  readonly name: string;
  readonly kind: SectionKind;
  readonly offset: number;
  readonly length: number;
}
interface Footer {
  readonly endianness: string;
  readonly sections: readonly SectionHeader[];
}

const align8 = (n: number) => (n + 7) & ~7;
const bytesOf = (a: Binary) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Writes sections to `sink` as they come; a column of strings becomes `<name>` (UTF-16) and `<name>.ends` (uint32). */
export class SectionWriter {
  private readonly sections: SectionHeader[] = [];
  private at = 0;

  constructor(private readonly sink: (chunk: Buffer) => Promise<void>) {}

  async begin(): Promise<void> {
    await this.put(MAGIC);
  }

  async json(name: string, value: unknown): Promise<void> {
    await this.section(name, "json", Buffer.from(JSON.stringify(value), "utf8"));
  }

  async binary(name: string, kind: BinaryKind, value: Binary): Promise<void> {
    await this.section(name, kind, bytesOf(value));
  }

  async strings(name: string, values: readonly string[]): Promise<void> {
    const ends = new Uint32Array(values.length);
    let at = 0;
    for (let i = 0; i < values.length; i++) ends[i] = at += (values[i] ?? "").length;
    await this.section(name, "utf16", Buffer.from(values.join(""), "utf16le"));
    await this.binary(`${name}.ends`, "u32", ends);
  }

  /** Lists of strings (authors): the flattened strings and each list's length. */
  async lists(name: string, values: readonly (readonly string[])[]): Promise<void> {
    const counts = new Uint32Array(values.length);
    for (let i = 0; i < values.length; i++) counts[i] = values[i]?.length ?? 0;
    await this.strings(name, values.flat());
    await this.binary(`${name}.counts`, "u32", counts);
  }

  async end(): Promise<void> {
    const footer = Buffer.from(JSON.stringify({ endianness: ENDIANNESS, sections: this.sections } satisfies Footer), "utf8");
    const trailer = Buffer.alloc(4 + MAGIC.length);
    trailer.writeUInt32LE(footer.length, 0);
    MAGIC.copy(trailer, 4);
    await this.put(footer);
    await this.put(trailer);
  }

  private async section(name: string, kind: SectionKind, bytes: Buffer): Promise<void> {
    this.sections.push({ name, kind, offset: this.at, length: bytes.length });
    await this.put(bytes);
    const pad = align8(bytes.length) - bytes.length;
    if (pad > 0) await this.put(Buffer.alloc(pad));
  }

  private async put(bytes: Buffer): Promise<void> {
    this.at += bytes.length;
    await this.sink(bytes);
  }
}

export class SectionReader {
  private readonly byName: Map<string, SectionHeader>;

  constructor(private readonly file: Buffer) {
    const trailer = 4 + MAGIC.length;
    if (file.length < MAGIC.length + trailer || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error("not a search index snapshot");
    if (!file.subarray(file.length - MAGIC.length).equals(MAGIC)) throw new Error("snapshot is cut short");
    const footerLength = file.readUInt32LE(file.length - trailer);
    const footerStart = file.length - trailer - footerLength;
    if (footerStart < MAGIC.length) throw new Error("snapshot footer is damaged");
    const footer = JSON.parse(file.toString("utf8", footerStart, footerStart + footerLength)) as Footer;
    if (footer.endianness !== ENDIANNESS) throw new Error(`snapshot written on a ${footer.endianness} platform`);
    this.byName = new Map(footer.sections.map((s) => [s.name, s]));
  }

  json<T>(name: string): T {
    return JSON.parse(this.raw(name, "json").toString("utf8")) as T;
  }

  /** Copied into a fresh buffer: the file's offset need not suit the element size, and the file can then be freed. */
  binary<T extends Binary>(name: string, kind: BinaryKind, make: (buffer: ArrayBuffer) => T): T {
    const bytes = this.raw(name, kind);
    const copy = new ArrayBuffer(bytes.length);
    new Uint8Array(copy).set(bytes);
    return make(copy);
  }

  strings(name: string): string[] {
    const text = this.raw(name, "utf16").toString("utf16le");
    const ends = this.binary(`${name}.ends`, "u32", (b) => new Uint32Array(b));
    const out = new Array<string>(ends.length);
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      const end = ends[i] ?? -1;
      if (end < start || end > text.length) throw new Error(`snapshot section ${name} has bad offsets`);
      out[i] = text.slice(start, end);
      start = end;
    }
    return out;
  }

  lists(name: string): string[][] {
    const flat = this.strings(name);
    const counts = this.binary(`${name}.counts`, "u32", (b) => new Uint32Array(b));
    const out = new Array<string[]>(counts.length);
    let at = 0;
    for (let i = 0; i < counts.length; i++) {
      const n = counts[i] ?? 0;
      const list = new Array<string>(n);
      for (let j = 0; j < n; j++) list[j] = flat[at++] ?? "";
      out[i] = list;
    }
    if (at !== flat.length) throw new Error(`snapshot section ${name} has bad counts`);
    return out;
  }

  private raw(name: string, kind: SectionKind): Buffer {
    const section = this.byName.get(name);
    if (!section) throw new Error(`snapshot has no ${name} section`);
    if (section.kind !== kind) throw new Error(`snapshot section ${name} is ${section.kind}, not ${kind}`);
    if (section.offset + section.length > this.file.length) throw new Error(`snapshot section ${name} is cut short`);
    return this.file.subarray(section.offset, section.offset + section.length);
  }
}
