/**
 * The first k of `count` items (0 … count−1), sorted: by tier (lower first), then by a numeric key (higher first),
 * then `tie`. A page of 20 out of 100k matches needs no full sort: a heap of the k best so far costs n·log k, and most
 * items lose to the worst kept on two typed-array reads, with no comparator call. Sorts everything when k is most of n.
 */
export function topKByKey(
  count: number,
  k: number,
  tiers: Uint8Array,
  keys: Float64Array,
  tie: (a: number, b: number) => number,
  options: { fromEnd?: boolean } = {},
): number[] {
  const compare = (a: number, b: number): number => {
    const ta = tiers[a] ?? 0;
    const tb = tiers[b] ?? 0;
    if (ta !== tb) return ta - tb;
    const ka = keys[a] ?? 0;
    const kb = keys[b] ?? 0;
    if (ka !== kb) return ka > kb ? -1 : 1;
    return tie(a, b);
  };
  const limit = Math.min(k, count);
  if (limit <= 0) return [];
  if (limit * 4 >= count) return Array.from({ length: count }, (_, i) => i).sort(compare).slice(0, limit);
  // Any visiting order gives the same result, but candidates come in slot order, which is mostly catalog order: when
  // later items tend to win (newest first) visiting them first rejects the rest on one comparison each, and when
  // earlier ones win ties (the id tie-break) visiting in order does.
  const fromEnd = options.fromEnd ?? false;
  const itemAt = (i: number) => (fromEnd ? count - 1 - i : i);
  const heap: number[] = [];
  for (let i = 0; i < limit; i++) heap.push(itemAt(i));
  // A max-heap by `compare`: heap[0] is the worst of the best kept so far.
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < limit && compare(heap[left] ?? 0, heap[largest] ?? 0) > 0) largest = left;
      if (right < limit && compare(heap[right] ?? 0, heap[largest] ?? 0) > 0) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest] ?? 0, heap[i] ?? 0];
      i = largest;
    }
  };
  for (let i = (limit >> 1) - 1; i >= 0; i--) siftDown(i);
  let worst = heap[0] ?? 0;
  for (let i = limit; i < count; i++) {
    const item = itemAt(i);
    // Most items lose to the worst kept on tier or key alone: rejected without a call.
    const t = tiers[item] ?? 0;
    const tw = tiers[worst] ?? 0;
    if (t > tw) continue;
    if (t === tw) {
      const key = keys[item] ?? 0;
      const kw = keys[worst] ?? 0;
      if (key < kw || (key === kw && tie(item, worst) >= 0)) continue;
    }
    heap[0] = item;
    siftDown(0);
    worst = heap[0] ?? 0;
  }
  return heap.sort(compare);
}
