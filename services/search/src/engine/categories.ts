/**
 * The category tree as the engine uses it: labels for the facet, and each category's path to the
 * root so a filter on a parent category also matches products filed under its children.
 */
import type { CategoryLabel } from './port.ts';
import { fold } from './text.ts';

/** Deeper than any real catalogue; stops a parent cycle in bad data from looping forever. */
const MAX_DEPTH = 32;

export class CategoryTree {
  readonly #byId = new Map<string, CategoryLabel>();
  readonly #bySlug = new Map<string, string>();
  readonly #paths = new Map<string, readonly string[]>();

  constructor(categories: readonly CategoryLabel[] = []) {
    for (const c of categories) {
      this.#byId.set(c.id, c);
      this.#bySlug.set(fold(c.slug), c.id);
    }
  }

  /** The category and its ancestors, nearest first. An unknown id is its own path. */
  path(id: string): readonly string[] {
    let path = this.#paths.get(id);
    if (!path) {
      const ids: string[] = [];
      let current: string | null | undefined = id;
      while (current && !ids.includes(current) && ids.length < MAX_DEPTH) {
        ids.push(current);
        current = this.#byId.get(current)?.parentId;
      }
      path = ids;
      this.#paths.set(id, path);
    }
    return path;
  }

  /** The name shown in the facet; an id the tree does not know yet shows as itself. */
  label(id: string): string {
    return this.#byId.get(id)?.name ?? id;
  }

  /** Names of a product's categories and their ancestors: searchable text ("drills" finds drills). */
  searchText(categoryIds: readonly string[]): string {
    const names = new Set<string>();
    for (const id of categoryIds) for (const c of this.path(id)) names.add(this.label(c));
    return [...names].join(' ');
  }

  /** An id or a slug as a buyer may pass it → the id, or undefined when there is no such category. */
  resolve(idOrSlug: string): string | undefined {
    if (this.#byId.has(idOrSlug)) return idOrSlug;
    return this.#bySlug.get(fold(idOrSlug));
  }

  all(): CategoryLabel[] {
    return [...this.#byId.values()];
  }

  /** Whether two trees give the same labels and paths (a re-read that changed nothing). */
  sameAs(other: CategoryTree): boolean {
    if (other.#byId.size !== this.#byId.size) return false;
    for (const [id, c] of this.#byId) {
      const o = other.#byId.get(id);
      if (!o || o.name !== c.name || o.parentId !== c.parentId || o.slug !== c.slug) return false;
    }
    return true;
  }
}
