/**
 * The first k of `count` items (0 … count−1) in `compare` order, sorted. A page of 20 out of 100k matches needs
 * no full sort: a heap of the k best so far costs n·log k. Falls back to sorting everything when k is most of n.
 */
export function topK(count: number, k: number, compare: (a: number, b: number) => number): number[] {
  const limit = Math.min(k, count);
  if (limit <= 0) return [];
  if (limit * 4 >= count) return Array.from({ length: count }, (_, i) => i).sort(compare).slice(0, limit);
  // Max-heap by `compare`: the root is the worst of the best k kept so far.
  const heap: number[] = [];
  const worse = (a: number, b: number) => compare(a, b) > 0;
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] ?? 0, heap[parent] ?? 0)) return;
      [heap[i], heap[parent]] = [heap[parent] ?? 0, heap[i] ?? 0];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && worse(heap[left] ?? 0, heap[largest] ?? 0)) largest = left;
      if (right < heap.length && worse(heap[right] ?? 0, heap[largest] ?? 0)) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest] ?? 0, heap[i] ?? 0];
      i = largest;
    }
  };
  for (let item = 0; item < count; item++) {
    if (heap.length < limit) {
      heap.push(item);
      siftUp(heap.length - 1);
    } else if (compare(item, heap[0] ?? 0) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}
