/**
 * Which remembered queries a product can reach: every query the answer cache holds is registered
 * here with its term specs (query-terms.ts) and the codes it names. When a product changes, its
 * old and new terms are looked up: only the queries one of them reaches can have gained, lost or
 * re-scored that product; every other remembered answer stays (the point of targeted invalidation
 * under a steady trickle of catalogue updates).
 *
 * A reach is a superset of a match (a product with one of two AND-ed words is reached, not matched),
 * which only costs a needless recomputation, never a stale answer.
 */
import { type QueryTermSpec, withinEdits } from './query-terms.ts';

type QuerySet = Set<string>;

function addTo<K>(map: Map<K, QuerySet>, key: K, q: string): void {
  const set = map.get(key);
  if (set) set.add(q);
  else map.set(key, new Set([q]));
}

function deleteFrom<K>(map: Map<K, QuerySet>, key: K, q: string): void {
  const set = map.get(key);
  set?.delete(q);
  if (set?.size === 0) map.delete(key);
}

export class QueryWatch {
  readonly #registered = new Map<string, { specs: readonly QueryTermSpec[]; codes: readonly string[] }>();
  /** Every query term (a prefix or fuzzy term also matches itself). */
  readonly #exact = new Map<string, QuerySet>();
  readonly #prefix = new Map<string, QuerySet>();
  /** Fuzzy terms by length, so a product term is compared with terms of a reachable length only. */
  readonly #fuzzyByLength = new Map<number, Map<string, { edits: number; queries: QuerySet }>>();
  readonly #codes = new Map<string, QuerySet>();

  get size(): number {
    return this.#registered.size;
  }

  add(q: string, specs: readonly QueryTermSpec[], codes: readonly string[]): void {
    if (this.#registered.has(q)) this.delete(q);
    this.#registered.set(q, { specs, codes });
    for (const { term, prefix, edits } of specs) {
      addTo(this.#exact, term, q);
      if (prefix) addTo(this.#prefix, term, q);
      if (edits > 0) {
        const byTerm = this.#fuzzyByLength.get(term.length) ?? new Map();
        this.#fuzzyByLength.set(term.length, byTerm);
        const fuzzy = byTerm.get(term) ?? { edits, queries: new Set<string>() };
        byTerm.set(term, fuzzy);
        fuzzy.queries.add(q);
      }
    }
    for (const code of codes) addTo(this.#codes, code, q);
  }

  delete(q: string): void {
    const registered = this.#registered.get(q);
    if (!registered) return;
    this.#registered.delete(q);
    for (const { term, prefix, edits } of registered.specs) {
      deleteFrom(this.#exact, term, q);
      if (prefix) deleteFrom(this.#prefix, term, q);
      if (edits > 0) {
        const byTerm = this.#fuzzyByLength.get(term.length);
        const fuzzy = byTerm?.get(term);
        fuzzy?.queries.delete(q);
        if (fuzzy?.queries.size === 0) byTerm!.delete(term);
        if (byTerm?.size === 0) this.#fuzzyByLength.delete(term.length);
      }
    }
    for (const code of registered.codes) deleteFrom(this.#codes, code, q);
  }

  clear(): void {
    this.#registered.clear();
    this.#exact.clear();
    this.#prefix.clear();
    this.#fuzzyByLength.clear();
    this.#codes.clear();
  }

  /** The registered queries that a product indexed under `terms` with `codes` can match. */
  reachedBy(terms: Iterable<string>, codes: Iterable<string>): Set<string> {
    const reached = new Set<string>();
    const collect = (set: QuerySet | undefined) => {
      if (set) for (const q of set) reached.add(q);
    };
    for (const term of terms) {
      collect(this.#exact.get(term));
      if (this.#prefix.size > 0)
        for (let n = 2; n < term.length; n++) collect(this.#prefix.get(term.slice(0, n)));
      // A fuzzy term of length L allows at most 2 edits, so it can only reach terms of length L±2.
      for (let length = term.length - 2; length <= term.length + 2; length++) {
        for (const [fuzzyTerm, { edits, queries }] of this.#fuzzyByLength.get(length) ?? []) {
          if (withinEdits(term, fuzzyTerm, edits)) collect(queries);
        }
      }
    }
    for (const code of codes) collect(this.#codes.get(code));
    return reached;
  }
}
