// Vitest 5's reporter calls Map.groupBy (Node ≥ 21) when it prints failures; on Node 20 it
// would crash instead of naming the failing test. Preloaded by the test scripts (`node --require`).
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, keyOf) {
    const map = new Map();
    let i = 0;
    for (const item of items) {
      const key = keyOf(item, i++);
      const bucket = map.get(key);
      if (bucket) bucket.push(item);
      else map.set(key, [item]);
    }
    return map;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = function groupBy(items, keyOf) {
    const out = Object.create(null);
    let i = 0;
    for (const item of items) {
      const key = keyOf(item, i++);
      (out[key] ??= []).push(item);
    }
    return out;
  };
}
