/**
 * The URL query of a list page ↔ the API request of that list (api.md "Lists"). Kept apart from
 * the DataTable component so the mapping is tested without a browser: only the declared filters,
 * the declared sorts and well-formed paging ever reach the API, whatever the address bar holds.
 */

/** `?page&limit` answers (`total` known) or keyset answers (`nextCursor`, null on the last page). */
export type ListAnswer<T> =
  | { readonly items: readonly T[]; readonly total: number; readonly page: number; readonly limit: number }
  | { readonly items: readonly T[]; readonly nextCursor: string | null };

export interface FilterOption {
  readonly value: string;
  readonly label: string;
}

export interface FilterDefinition {
  /** The query parameter, the same in the page's URL and in the API request. */
  readonly name: string;
  readonly label: string;
  /**
   * `search`: free text; `select`: one of `options`; `date-from` / `date-to`: a day in the user's
   * time zone, sent as the ISO timestamp of its first moment (from) or of the next day's (to).
   */
  readonly type: 'search' | 'select' | 'date-from' | 'date-to';
  readonly options?: readonly FilterOption[];
}

export interface ListQueryOptions {
  readonly filters?: readonly FilterDefinition[];
  /** Sort values the API accepts (`name`, `-name`, ...); anything else in the URL is dropped. */
  readonly sorts?: readonly string[];
  readonly pageSize: number;
  /** Parameters every request carries whatever the URL says (a fixed scope of the list). */
  readonly fixed?: Readonly<Record<string, string>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CURSOR = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A `YYYY-MM-DD` day as the ISO instant its local midnight is (or the next day's, for `to`). */
export function dayToInstant(day: string, bound: 'from' | 'to'): string | undefined {
  if (!DAY.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const local = new Date(y, m - 1, bound === 'to' ? d + 1 : d);
  return Number.isNaN(local.getTime()) ? undefined : local.toISOString();
}

function filterValue(filter: FilterDefinition, raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  switch (filter.type) {
    case 'search':
      return value.slice(0, 100);
    case 'select':
      return filter.options?.some((o) => o.value === value) ? value : undefined;
    case 'date-from':
      return dayToInstant(value, 'from');
    case 'date-to':
      return dayToInstant(value, 'to');
  }
}

/** The current page number of the URL (1 when absent or not a positive integer). */
export function pageOf(url: URLSearchParams): number {
  const raw = url.get('page') ?? '';
  return Math.max(/^\d{1,5}$/.test(raw) ? Number(raw) : 1, 1);
}

/** The API path + query for the list `path`, from the page's URL query. */
export function listRequestPath(path: string, url: URLSearchParams, options: ListQueryOptions): string {
  const request = new URLSearchParams();
  for (const filter of options.filters ?? []) {
    const value = filterValue(filter, url.get(filter.name) ?? '');
    if (value !== undefined) request.set(filter.name, value);
  }
  const sort = url.get('sort');
  if (sort && options.sorts?.includes(sort)) request.set('sort', sort);
  const cursor = url.get('cursor');
  if (cursor && CURSOR.test(cursor)) request.set('cursor', cursor);
  else request.set('page', String(pageOf(url)));
  request.set('limit', String(options.pageSize));
  for (const [name, value] of Object.entries(options.fixed ?? {})) request.set(name, value);
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}${request.toString()}`;
}

/** Where the pager stands: page n of m for page answers, "more or not" for keyset answers. */
export function pagerOf<T>(answer: ListAnswer<T>): {
  readonly page?: number;
  readonly pages?: number;
  readonly total?: number;
  readonly hasNext: boolean;
  readonly nextCursor?: string;
} {
  if ('nextCursor' in answer) {
    return answer.nextCursor ? { hasNext: true, nextCursor: answer.nextCursor } : { hasNext: false };
  }
  const pages = Math.max(1, Math.ceil(answer.total / answer.limit));
  return { page: answer.page, pages, total: answer.total, hasNext: answer.page < pages };
}

/** The next sort of a column: ascending first, then descending, then back to ascending. */
export function nextSort(current: string | null, column: string): string {
  return current === column ? `-${column}` : column;
}

/** `aria-sort` of a column header for the URL's sort. */
export function ariaSortOf(current: string | null, column: string): 'ascending' | 'descending' | 'none' {
  if (current === column) return 'ascending';
  if (current === `-${column}`) return 'descending';
  return 'none';
}
