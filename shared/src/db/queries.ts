/** Query helpers every repository needs: the api.md list convention and safe text search. */
import type { Collection, Document, Filter, Sort, WithId } from 'mongodb';

export interface PageRequest {
  /** 1-based page number. */
  readonly page: number;
  /** Page size (routes cap it at 100). */
  readonly limit: number;
}

/**
 * One page of `filter` plus the total count, as `{ items, total }` for the `{items, total, page,
 * limit}` list responses. The default order (creation, then id) is stable, so pages never repeat
 * or skip a document when several share a timestamp.
 */
export async function findPage<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  page: PageRequest,
  sort: Sort = { createdAt: 1, _id: 1 },
): Promise<{ items: WithId<T>[]; total: number }> {
  const [items, total] = await Promise.all([
    collection
      .find(filter)
      .sort(sort)
      .skip((page.page - 1) * page.limit)
      .limit(page.limit)
      .toArray(),
    collection.countDocuments(filter),
  ]);
  return { items, total };
}

/** A case-insensitive "contains" pattern for user-typed search text (regex metacharacters escaped). */
export function containsText(text: string): RegExp {
  return new RegExp(text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}
