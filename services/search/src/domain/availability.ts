/**
 * Stock status per product for the availability facet and filters, from the product service's
 * `stock` fact feed. Product events carry no stock and stock moves with every order, so every
 * task follows the feed itself (a keyed copy per task, like the index) and joins it to the
 * products its engine holds by sku: a reservation that empties a sku reaches every task's facet
 * with the next poll (about a second), and a task started later catches up from zero.
 */
import type { Availability, SearchEngine } from '../engine/port.ts';

/** What a sku without a stock entry is: the product service's answer for a sku it holds no stock of. */
export const UNKNOWN_STOCK: Availability = 'out_of_stock';

export class AvailabilityJoin {
  /** Stock status by the stock feed's key (the product service's sku key). */
  readonly #statusByKey = new Map<string, Availability>();
  /** Products held by the engine under each sku key (a sku belongs to one product; kept general). */
  readonly #productsByKey = new Map<string, Set<string>>();
  readonly #keyByProduct = new Map<string, string>();

  constructor(
    private readonly engine: SearchEngine,
    /** The stock feed's key of a sku (`stockFeedKey` of @b2b/product/internal-api). */
    private readonly keyOf: (sku: string) => string,
  ) {}

  /** The status to index a product with. */
  statusOf(sku: string): Availability {
    return this.#statusByKey.get(this.keyOf(sku)) ?? UNKNOWN_STOCK;
  }

  /** The index follower put a product into the engine: later stock changes of its sku reach it. */
  productIndexed(productId: string, sku: string): void {
    const key = this.keyOf(sku);
    const previous = this.#keyByProduct.get(productId);
    if (previous === key) return;
    if (previous !== undefined) this.#productsByKey.get(previous)?.delete(productId);
    this.#keyByProduct.set(productId, key);
    const products = this.#productsByKey.get(key) ?? new Set<string>();
    products.add(productId);
    this.#productsByKey.set(key, products);
  }

  productRemoved(productId: string): void {
    const key = this.#keyByProduct.get(productId);
    if (key === undefined) return;
    this.#keyByProduct.delete(productId);
    const products = this.#productsByKey.get(key);
    products?.delete(productId);
    if (products?.size === 0) this.#productsByKey.delete(key);
  }

  /**
   * The stock feed brought an entry (also repeats from its overlap window): a changed status is
   * written to the engine's products of that sku, an unchanged one costs a map lookup.
   */
  async stockChanged(key: string, status: Availability | null): Promise<void> {
    const before = this.#statusByKey.get(key) ?? UNKNOWN_STOCK;
    if (status === null) this.#statusByKey.delete(key);
    else this.#statusByKey.set(key, status);
    const next = status ?? UNKNOWN_STOCK;
    if (before === next) return;
    for (const productId of this.#productsByKey.get(key) ?? [])
      await this.engine.setAvailability(productId, next);
  }
}
