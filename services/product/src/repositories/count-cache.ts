/**
 * List totals per filter, kept for a few seconds. A catalog list is read far more often than the
 * catalog changes, and even an index count (DocumentDB's COUNT_SCAN) walks every matching index
 * entry: 50,000 of them per request for "all active products". So each distinct filter is counted
 * at most once per `ttlMs`, concurrent requests share the count in flight, and writes through this
 * process drop every entry (its own changes show at once; another instance's within `ttlMs`).
 */
export class CountCache {
  private readonly entries = new Map<string, { total: Promise<number>; until: number }>();

  constructor(
    private readonly ttlMs = 5000,
    private readonly maxEntries = 256,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, count: () => Promise<number>): Promise<number> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.total;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const total = count();
    const entry = { total, until: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    // A failed count is not remembered (unless a newer one replaced it meanwhile).
    total.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return total;
  }

  /** After a write: every total may have changed. */
  clear(): void {
    this.entries.clear();
  }
}
