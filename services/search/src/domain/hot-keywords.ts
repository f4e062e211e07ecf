/** The hot-keyword windows GET /search/hot offers. */
export const HOT_WINDOWS = ["1h", "24h"] as const;
export type HotWindow = (typeof HOT_WINDOWS)[number];
export const DEFAULT_HOT_WINDOW: HotWindow = "1h";

export interface WindowSpan {
  readonly windowMs: number;
  /** Counts expire a bucket at a time: the window slides by this much. */
  readonly bucketMs: number;
}

/** The hour slides by the minute, the day by the hour: 60 + 24 buckets per keyword store at most. */
export const WINDOW_SPANS: Readonly<Record<HotWindow, WindowSpan>> = {
  "1h": { windowMs: 3_600_000, bucketMs: 60_000 },
  "24h": { windowMs: 86_400_000, bucketMs: 3_600_000 },
};

export const isHotWindow = (value: string): value is HotWindow => (HOT_WINDOWS as readonly string[]).includes(value);

export interface HotKeyword {
  readonly keyword: string;
  readonly count: number;
}

/**
 * Searches counted per normalized keyword in sliding windows, in memory (one process, embedded) or in Redis (shared
 * by every search instance). Recording never waits: a search must not be slowed by its bookkeeping.
 */
export interface HotKeywords {
  /** One search for `keyword`, already folded with queryKey. */
  record(keyword: string): void;
  /** The most searched keywords of the window, most first, ties by keyword. */
  top(window: HotWindow, limit: number): Promise<HotKeyword[]>;
  /** Searches for `keyword` in the last hour, possibly a few seconds stale: what suggest ranks by. */
  popularity(keyword: string): number;
}
