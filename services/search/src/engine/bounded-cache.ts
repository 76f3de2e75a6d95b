/**
 * A least-recently-used map with a fixed number of entries: the engine's answers remembered per
 * query. Buyers repeat the same few hundred queries all day, so a small cache answers most of
 * them; the bound keeps a crawler's endless distinct queries from growing the heap.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  /** The value of `key`, marked as just used (moved to the young end of the Map's order). */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
