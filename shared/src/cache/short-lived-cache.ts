/**
 * Values kept for a few milliseconds to seconds, by key: a value is loaded at most once per
 * `ttlMs`, concurrent readers share the load in flight, a failed load is not remembered, and
 * `clear()` (after a write) drops everything, including loads in flight, so a value read before
 * the write is not handed out after it. Bounded: beyond `maxEntries` the oldest entry goes.
 */
export class ShortLivedCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; until: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    if (this.ttlMs <= 0) return load();
    if (hit) this.entries.delete(key);
    else if (this.entries.size >= this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    const value = load();
    const entry = { value, until: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    // Unless a newer entry replaced it meanwhile.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops one key (a value not worth keeping). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** After a write: every value may have changed. */
  clear(): void {
    this.entries.clear();
  }
}
