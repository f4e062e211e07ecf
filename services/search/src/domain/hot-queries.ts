import type { Clock } from "./clock.js";
import { HOT_WINDOWS, WINDOW_SPANS, type HotKeyword, type HotKeywords, type HotWindow } from "./hot-keywords.js";
import { SlidingCounts } from "./sliding-counts.js";

/** Distinct keywords kept per window by default. */
export const DEFAULT_MAX_HOT_KEYWORDS = 10_000;

/** Hot keywords of one process, in memory (embedded profile): one sliding count per window. */
export class HotQueries implements HotKeywords {
  private readonly windows: ReadonlyMap<HotWindow, SlidingCounts>;

  constructor(
    private readonly clock: Clock,
    opts: { maxKeys?: number } = {},
  ) {
    const maxKeys = opts.maxKeys ?? DEFAULT_MAX_HOT_KEYWORDS;
    this.windows = new Map(HOT_WINDOWS.map((w) => [w, new SlidingCounts(WINDOW_SPANS[w], maxKeys)]));
  }

  /** Distinct keywords held for a window (the memory bound). */
  distinct(window: HotWindow): number {
    return this.counts(window).distinct;
  }

  record(keyword: string): void {
    if (keyword === "") return;
    const nowMs = this.clock.now().getTime();
    for (const counts of this.windows.values()) counts.add(keyword, nowMs);
  }

  count(keyword: string, window: HotWindow = "1h"): number {
    return this.counts(window).count(keyword, this.clock.now().getTime());
  }

  popularity(keyword: string): number {
    return this.count(keyword);
  }

  top(window: HotWindow, limit: number): Promise<HotKeyword[]> {
    return Promise.resolve(this.counts(window).top(limit, this.clock.now().getTime()));
  }

  private counts(window: HotWindow): SlidingCounts {
    const counts = this.windows.get(window);
    if (!counts) throw new Error(`unknown hot-keyword window ${window}`);
    return counts;
  }
}
