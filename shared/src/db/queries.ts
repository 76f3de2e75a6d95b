/**
 * Query helpers every repository needs: api.md's list convention (`{items, total, page, limit}`),
 * a keyset (cursor) variant for large admin lists, sort allow-lists, and safe text search.
 *
 *   const userSorts = defineSorts({ newest: { createdAt: -1 }, name: { name: 1 }, '-name': { name: -1 } }, 'newest');
 *   querystring: Type.Object({ ...paginationProperties, sort: userSorts.schema }, { additionalProperties: false })
 *   return findPage(users, filter, request.query, userSorts);     // { items, total, page, limit }
 *   return findAfter(users, filter, request.query, userSorts);    // { items, nextCursor }
 */
import { createHash } from 'node:crypto';
import { BSON, type Collection, type Document, type Filter, type Sort, type WithId } from 'mongodb';
import { type TLiteral, type TUnion, Type } from 'typebox';
import { AppError } from '../errors.ts';

/** Fields in order with their direction: `{ name: 1 }`, `{ createdAt: -1 }`. Back it with an index. */
export type SortSpec = Readonly<Record<string, 1 | -1>>;

export interface SortAllowList<K extends string> {
  readonly keys: readonly K[];
  readonly defaultKey: K;
  /** The spec of a key with `_id` appended as tiebreaker (same direction as the last field). */
  spec(key: K | undefined): SortSpec;
  /** `sort` query parameter: one of the keys, defaulting to `defaultKey`. */
  readonly schema: TUnion<TLiteral<K>[]>;
}

/**
 * The sort keys an endpoint accepts (`name|-name|newest`), each mapped to an index-backed sort.
 * Anything else is refused by the schema (400), so no client can sort on an unindexed field.
 * `_id` ends every sort, so equal values (same name, same timestamp) keep one order across pages;
 * it follows the last field's direction so that one index `{ f: 1, _id: 1 }` serves both ways.
 */
export function defineSorts<K extends string>(
  specs: Readonly<Record<K, SortSpec>>,
  defaultKey: NoInfer<K>,
): SortAllowList<K> {
  const keys = Object.keys(specs) as K[];
  const full = new Map<K, SortSpec>();
  for (const key of keys) {
    const fields = Object.entries(specs[key]).filter(([field]) => field !== '_id');
    const tiebreak = specs[key]['_id'] ?? fields.at(-1)?.[1] ?? 1;
    full.set(key, Object.fromEntries([...fields, ['_id', tiebreak]]));
  }
  return {
    keys,
    defaultKey,
    spec: (key) => full.get(key ?? defaultKey) ?? (full.get(defaultKey) as SortSpec),
    schema: Type.Union(
      keys.map((k) => Type.Literal(k)),
      { default: defaultKey, description: `sort order: ${keys.join(' | ')}` },
    ),
  };
}

/** The order of lists without an explicit sort: creation, then id. */
const creationOrder = defineSorts({ oldest: { createdAt: 1 } }, 'oldest');

export interface PageRequest<K extends string = string> {
  /** 1-based page number. */
  readonly page: number;
  /** Page size (the `paginationProperties` schema caps it at 100). */
  readonly limit: number;
  readonly sort?: K;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/**
 * One page of `filter`, with the total count, as api.md's `{items, total, page, limit}`. The order
 * is the allow-list's (default: creation, then id), stable even when documents share sort values,
 * so pages never repeat or skip a document. Map items with `mapPage` for the response.
 */
export async function findPage<T extends Document, K extends string = 'oldest'>(
  collection: Collection<T>,
  filter: Filter<T>,
  request: PageRequest<K>,
  sorts?: SortAllowList<K>,
): Promise<Page<WithId<T>>> {
  const sort = sorts ? sorts.spec(request.sort) : creationOrder.spec('oldest');
  const [items, total] = await Promise.all([
    collection
      .find(filter)
      .sort(sort as Sort)
      .skip((request.page - 1) * request.limit)
      .limit(request.limit)
      .toArray(),
    collection.countDocuments(filter),
  ]);
  return { items, total, page: request.page, limit: request.limit };
}

/** The response body of a page: the same numbers, each item through the route's view. */
export function mapPage<T, U>(page: Page<T>, view: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(view) };
}

// --- keyset (cursor) lists ---------------------------------------------------------------------

export interface CursorRequest<K extends string = string> {
  readonly limit: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  readonly cursor?: string;
  readonly sort?: K;
}

export interface CursorPage<T> {
  items: T[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const invalidCursor = () =>
  new AppError({ status: 400, code: 'INVALID_CURSOR', detail: 'The cursor is not one this list handed out' });

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 16);
}

/**
 * Cursor = base64url(EJSON [sort key, ...last item's sort values incl. _id]) + '.' + checksum.
 * The checksum detects a cursor that was edited or cut (→ 400). It is not a signature and does not
 * need to be: the list's filter is applied on every page, so a forged cursor can only position the
 * caller inside what they may already see. EJSON keeps Dates and ObjectIds typed.
 */
function encodeCursor(sortKey: string, values: unknown[]): string {
  const body = Buffer.from(BSON.EJSON.stringify([sortKey, ...values], { relaxed: false })).toString(
    'base64url',
  );
  return `${body}.${checksum(body)}`;
}

function decodeCursor(cursor: string, sortKey: string, fieldCount: number): unknown[] {
  const [body, sum, extra] = cursor.split('.');
  if (!body || !sum || extra !== undefined || checksum(body) !== sum) throw invalidCursor();
  let decoded: unknown;
  try {
    decoded = BSON.EJSON.parse(Buffer.from(body, 'base64url').toString('utf8'), { relaxed: false });
  } catch {
    throw invalidCursor();
  }
  // A cursor of another sort order would position the walk on the wrong fields.
  if (!Array.isArray(decoded) || decoded[0] !== sortKey || decoded.length !== fieldCount + 1)
    throw invalidCursor();
  return decoded.slice(1);
}

function valueAt(doc: Document, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | null | undefined)?.[key], doc);
}

/**
 * "After the last item" as a filter: (f1 > v1) or (f1 = v1 and f2 > v2) or ... with `<` for
 * descending fields; `_id` last makes it strict, so equal sort values are neither repeated nor
 * skipped. Sort fields must be present in every document (a missing value has no place in it).
 */
function afterFilter(spec: SortSpec, values: unknown[]): Document {
  const fields = Object.entries(spec);
  return {
    $or: fields.map(([field, direction], i) => ({
      ...Object.fromEntries(fields.slice(0, i).map(([f], j) => [f, values[j]])),
      [field]: { [direction === 1 ? '$gt' : '$lt']: values[i] },
    })),
  };
}

/**
 * One page of a keyset walk: no count and no skip, so the cost does not grow with the page number
 * (large admin lists). A cursor that was tampered with, or comes from another sort order → 400.
 */
export async function findAfter<T extends Document, K extends string = 'oldest'>(
  collection: Collection<T>,
  filter: Filter<T>,
  request: CursorRequest<K>,
  sorts?: SortAllowList<K>,
  /**
   * `projection`: fields to leave out or keep (the sort fields must stay: the cursor is made of
   * them); `hint`: the index to walk (DocumentDB's first planner needs one for a `^prefix` regex).
   */
  options: { projection?: Document; hint?: string } = {},
): Promise<CursorPage<WithId<T>>> {
  const allowList = (sorts ?? creationOrder) as SortAllowList<string>;
  const sortKey = request.sort ?? allowList.defaultKey;
  const spec = allowList.spec(sortKey);
  const fields = Object.keys(spec);
  const position = request.cursor
    ? afterFilter(spec, decodeCursor(request.cursor, sortKey, fields.length))
    : null;
  const query = (position ? { $and: [filter, position] } : filter) as Filter<T>;
  const found = await collection
    .find(query, options)
    .sort(spec as Sort)
    .limit(request.limit + 1)
    .toArray();
  const items = found.slice(0, request.limit);
  const last = items[items.length - 1];
  const nextCursor =
    found.length > request.limit && last
      ? encodeCursor(
          sortKey,
          fields.map((f) => valueAt(last, f)),
        )
      : null;
  return { items, nextCursor };
}

/** A case-insensitive "contains" pattern for user-typed search text (regex metacharacters escaped). */
export function containsText(text: string): RegExp {
  return new RegExp(text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}
