/**
 * `make(key)` once per key object, kept for as long as the key lives (a WeakMap): for what is built
 * from a fixed object (the prompts, the schedule) and asked for on every webhook or in every test.
 */
export function perObject<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    // One lookup on the hot path; has() only for a value that is itself undefined.
    let value = made.get(key);
    if (value === undefined && !made.has(key)) {
      value = make(key);
      made.set(key, value);
    }
    return value as V;
  };
}
