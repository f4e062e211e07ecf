import { badLimit, badWindow } from "./errors.js";
import { DEFAULT_HOT_WINDOW, HOT_WINDOWS, isHotWindow, type HotKeyword, type HotKeywords } from "./hot-keywords.js";

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

/** The most searched keywords of the last hour or day. */
export class ListHotKeywords {
  constructor(private readonly deps: { hot: HotKeywords }) {}

  async execute(input: { limit: number; window: string }): Promise<HotKeyword[]> {
    if (!Number.isInteger(input.limit) || input.limit < 0 || input.limit > MAX_LIMIT) throw badLimit(MAX_LIMIT);
    const window = input.window === "" ? DEFAULT_HOT_WINDOW : input.window;
    if (!isHotWindow(window)) throw badWindow(input.window, HOT_WINDOWS);
    return this.deps.hot.top(window, input.limit || DEFAULT_LIMIT);
  }
}
