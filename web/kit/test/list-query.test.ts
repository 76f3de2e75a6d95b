import { describe, expect, it } from 'vitest';
import {
  ariaSortOf,
  dayToInstant,
  type FilterDefinition,
  listRequestPath,
  nextSort,
  pagerOf,
} from '../src/ui/list-query.ts';

const filters: FilterDefinition[] = [
  { name: 'q', label: 'Search', type: 'search' },
  {
    name: 'status',
    label: 'Status',
    type: 'select',
    options: [
      { value: 'confirmed', label: 'Confirmed' },
      { value: 'shipped', label: 'Shipped' },
    ],
  },
  { name: 'from', label: 'From', type: 'date-from' },
  { name: 'to', label: 'To', type: 'date-to' },
];
const options = { filters, sorts: ['name', '-name', 'newest'], pageSize: 20 };
const request = (query: string) =>
  new URL(listRequestPath('/admin/orders', new URLSearchParams(query), options), 'http://x');

describe('listRequestPath', () => {
  it('forwards the declared filters, sort and page of the URL', () => {
    const url = request('q=bolt&status=shipped&sort=-name&page=3');
    expect(url.pathname).toBe('/admin/orders');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'bolt',
      status: 'shipped',
      sort: '-name',
      page: '3',
      limit: '20',
    });
  });

  it('drops what the list does not declare: unknown parameters, options, sorts and junk pages', () => {
    const url = request('admin=true&status=deleted&sort=password&page=-2&limit=100000');
    expect(Object.fromEntries(url.searchParams)).toEqual({ page: '1', limit: '20' });
    // Positive control: the same parameters with declared values pass.
    expect(Object.fromEntries(request('status=confirmed&sort=newest&page=2').searchParams)).toEqual({
      status: 'confirmed',
      sort: 'newest',
      page: '2',
      limit: '20',
    });
  });

  it('sends a well-formed cursor instead of the page, and refuses a malformed one', () => {
    expect(request('cursor=abc_1.def-2').searchParams.get('cursor')).toBe('abc_1.def-2');
    expect(request('cursor=abc_1.def-2').searchParams.has('page')).toBe(false);
    expect(request('cursor=%7B%22%24gt%22%3A1%7D').searchParams.has('cursor')).toBe(false);
    expect(request('cursor=%7B%22%24gt%22%3A1%7D').searchParams.get('page')).toBe('1');
  });

  it('turns days into the instants of local midnights (to = the next day, so the day is included)', () => {
    const url = request('from=2026-03-01&to=2026-03-31');
    expect(url.searchParams.get('from')).toBe(new Date(2026, 2, 1).toISOString());
    expect(url.searchParams.get('to')).toBe(new Date(2026, 3, 1).toISOString());
    expect(dayToInstant('2026-3-1', 'from')).toBeUndefined();
    expect(request('from=yesterday').searchParams.has('from')).toBe(false);
  });

  it('keeps fixed parameters whatever the URL says', () => {
    const path = listRequestPath('/products', new URLSearchParams('status=shipped'), {
      pageSize: 50,
      fixed: { status: 'active' },
    });
    expect(path).toBe('/products?page=1&limit=50&status=active');
  });
});

describe('pager and sort helpers', () => {
  it('pages by total, or by the next cursor', () => {
    expect(pagerOf({ items: [], total: 41, page: 2, limit: 20 })).toEqual({
      page: 2,
      pages: 3,
      total: 41,
      hasNext: true,
    });
    expect(pagerOf({ items: [], total: 40, page: 2, limit: 20 }).hasNext).toBe(false);
    expect(pagerOf({ items: [], nextCursor: 'a.b' })).toEqual({ hasNext: true, nextCursor: 'a.b' });
    expect(pagerOf({ items: [], nextCursor: null })).toEqual({ hasNext: false });
  });

  it('cycles a column ascending → descending and reports aria-sort', () => {
    expect(nextSort(null, 'name')).toBe('name');
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(nextSort('-price', 'name')).toBe('name');
    expect(ariaSortOf('-name', 'name')).toBe('descending');
    expect(ariaSortOf('name', 'name')).toBe('ascending');
    expect(ariaSortOf('price', 'name')).toBe('none');
  });
});
