/** The catalog as recommendations need it: something to show when nobody has done anything yet. */
export interface NewestBooks {
  newest(limit: number): Promise<string[]>;
}
