/**
 * Remembered answers per query, invalidated per query. Each normalized query text has a slot: its
 * text match (products and scores) and its whole answers (per filters, sort and page). A product
 * change drops only the slots of the queries it can reach (QueryWatch): under a steady trickle of
 * catalogue updates every other remembered answer stays. Bounded in queries and in answers; past
 * either bound the least recently asked query goes, with all its answers.
 *
 * The empty query (browsing) is a slot too, but reached by every product: its answers go with any
 * change (the facets count every product).
 */
import type { QueryTermSpec } from './query-terms.ts';
import { QueryWatch } from './query-watch.ts';

interface Slot<M, A> {
  match?: M;
  readonly answers: Map<string, A>;
}

export const BROWSE_QUERY = '';

export class AnswerCache<M, A> {
  /** In least-recently-asked order (a Map keeps insertion order; an ask re-inserts). */
  readonly #slots = new Map<string, Slot<M, A>>();
  readonly #watch = new QueryWatch();
  #answerCount = 0;

  constructor(
    readonly maxQueries: number,
    readonly maxAnswers: number,
  ) {}

  get queries(): number {
    return this.#slots.size;
  }

  get answers(): number {
    return this.#answerCount;
  }

  match(q: string): M | undefined {
    return this.#touch(q)?.match;
  }

  /** A new text match of `q`: the answers computed from the previous one go. */
  setMatch(q: string, specs: readonly QueryTermSpec[], codes: readonly string[], match: M): void {
    const slot = this.#slotOf(q, specs, codes);
    this.#dropAnswers(slot);
    slot.match = match;
  }

  answer(q: string, key: string): A | undefined {
    return this.#touch(q)?.answers.get(key);
  }

  setAnswer(
    q: string,
    specs: readonly QueryTermSpec[],
    codes: readonly string[],
    key: string,
    answer: A,
  ): void {
    const slot = this.#slotOf(q, specs, codes);
    if (!slot.answers.has(key)) this.#answerCount++;
    slot.answers.set(key, answer);
    this.#evict(q);
  }

  /**
   * A product changed. `text`: its indexed text (or its presence) changed, so the text matches it
   * reaches are wrong too; otherwise only the answers (filters, facets, documents shown).
   */
  productChanged(terms: Iterable<string>, codes: Iterable<string>, text: boolean): void {
    for (const q of this.#watch.reachedBy(terms, codes)) {
      const slot = this.#slots.get(q)!;
      if (text) this.#deleteSlot(q);
      else this.#dropAnswers(slot);
    }
    const browse = this.#slots.get(BROWSE_QUERY);
    if (browse) this.#dropAnswers(browse);
  }

  /** Every answer goes, text matches stay (e.g. category labels changed). */
  dropAllAnswers(): void {
    for (const slot of this.#slots.values()) this.#dropAnswers(slot);
  }

  /** Drops one query's slot (its match and answers). */
  forget(q: string): void {
    this.#deleteSlot(q);
  }

  clear(): void {
    this.#slots.clear();
    this.#watch.clear();
    this.#answerCount = 0;
  }

  #touch(q: string): Slot<M, A> | undefined {
    const slot = this.#slots.get(q);
    if (slot) {
      this.#slots.delete(q);
      this.#slots.set(q, slot);
    }
    return slot;
  }

  #slotOf(q: string, specs: readonly QueryTermSpec[], codes: readonly string[]): Slot<M, A> {
    const existing = this.#touch(q);
    if (existing) return existing;
    const slot: Slot<M, A> = { answers: new Map() };
    this.#slots.set(q, slot);
    // The browse slot is reached by every change without a lookup (productChanged).
    if (q !== BROWSE_QUERY) this.#watch.add(q, specs, codes);
    this.#evict(q);
    return slot;
  }

  #dropAnswers(slot: Slot<M, A>): void {
    this.#answerCount -= slot.answers.size;
    slot.answers.clear();
  }

  #deleteSlot(q: string): void {
    const slot = this.#slots.get(q);
    if (!slot) return;
    this.#dropAnswers(slot);
    this.#slots.delete(q);
    this.#watch.delete(q);
  }

  /** Past a bound, the least recently asked queries go (never `keep`, the one being answered). */
  #evict(keep: string): void {
    for (const q of this.#slots.keys()) {
      if (this.#slots.size <= this.maxQueries && this.#answerCount <= this.maxAnswers) return;
      if (q !== keep) this.#deleteSlot(q);
    }
  }
}
