/**
 * The one list view of both apps: columns, the API's list answer with page or cursor paging,
 * sortable columns, filters, all bound to the page's URL query (a filtered list can be bookmarked,
 * shared and reloaded; Back undoes a filter), and the loading / empty / error-with-retry states of
 * QueryView. A native <table>: every control in it (sort buttons, links, row actions) is reached
 * with Tab and the headers carry aria-sort, so it needs no grid keyboard model of its own.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { QueryView } from './components.tsx';
import { type Column, ItemsTable } from './items-table.tsx';
import {
  ariaSortOf,
  type FilterDefinition,
  type ListAnswer,
  listRequestPath,
  nextSort,
  pagerOf,
} from './list-query.ts';
import { useApi } from './session.tsx';

export type { Column } from './items-table.tsx';

export interface DataTableProps<T> {
  /** Accessible name of the table (its caption). */
  readonly label: string;
  /** The list route, e.g. `/admin/orders`; the query string is built from the URL. */
  readonly path: string;
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly filters?: readonly FilterDefinition[];
  /** Sorts the API offers beyond the columns' own (e.g. `newest`), for `?sort=` in the URL. */
  readonly extraSorts?: readonly string[];
  readonly pageSize?: number;
  readonly fixed?: Readonly<Record<string, string>>;
  readonly empty?: ReactNode;
}

function Filters({ filters }: { filters: readonly FilterDefinition[] }) {
  const [url, setUrl] = useSearchParams();
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams(url);
    for (const filter of filters) {
      const value = String(data.get(filter.name) ?? '').trim();
      if (value) next.set(filter.name, value);
      else next.delete(filter.name);
    }
    // A new filter starts from the first page.
    next.delete('page');
    next.delete('cursor');
    setUrl(next);
  };
  const clear = () => {
    const next = new URLSearchParams(url);
    for (const filter of filters) next.delete(filter.name);
    next.delete('page');
    next.delete('cursor');
    setUrl(next);
  };
  // `key` remounts the inputs when the URL changes (Back, Clear), so they show what is applied.
  return (
    <form className="filters" onSubmit={apply} key={url.toString()} aria-label="Filters">
      {filters.map((filter) => {
        const id = `filter-${filter.name}`;
        const value = url.get(filter.name) ?? '';
        return (
          <div className="filter" key={filter.name}>
            <label htmlFor={id}>{filter.label}</label>
            {filter.type === 'select' ? (
              <select id={id} name={filter.name} defaultValue={value}>
                <option value="">Any</option>
                {filter.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                name={filter.name}
                type={filter.type === 'search' ? 'search' : 'date'}
                defaultValue={value}
              />
            )}
          </div>
        );
      })}
      <div className="filter-actions">
        <Button type="submit">Apply filters</Button>
        <Button className="react-aria-Button secondary" onPress={clear}>
          Clear
        </Button>
      </div>
    </form>
  );
}

export function DataTable<T>(props: DataTableProps<T>) {
  const api = useApi();
  const [url, setUrl] = useSearchParams();
  // Cursors already passed, for "Previous" in keyset lists (the API only links forward).
  const [cursorTrail, setCursorTrail] = useState<readonly string[]>([]);
  const pageSize = props.pageSize ?? 20;
  const sorts = [...props.columns.filter((c) => c.sortable).flatMap((c) => [c.key, `-${c.key}`])];
  const requestPath = listRequestPath(props.path, url, {
    filters: props.filters,
    sorts: [...sorts, ...(props.extraSorts ?? [])],
    pageSize,
    fixed: props.fixed,
  });
  const list = useQuery({
    queryKey: ['list', requestPath],
    queryFn: () => api.get<ListAnswer<T>>(requestPath),
    // The previous page stays on screen (marked busy) while the next one loads.
    placeholderData: keepPreviousData,
    // A list is re-read whenever it is shown again (the cached page shows meanwhile): others change it.
    staleTime: 0,
  });
  const sort = url.get('sort');

  const go = (change: (next: URLSearchParams) => void) => {
    const next = new URLSearchParams(url);
    change(next);
    setUrl(next);
  };

  return (
    <div className="data-table">
      {props.filters && props.filters.length > 0 && <Filters filters={props.filters} />}
      <QueryView query={list} isEmpty={(a) => a.items.length === 0} empty={props.empty ?? 'Nothing found.'}>
        {(answer) => {
          const pager = pagerOf(answer);
          return (
            <>
              <ItemsTable
                label={props.label}
                columns={props.columns}
                rows={answer.items}
                rowKey={props.rowKey}
                busy={list.isPlaceholderData}
                sortOf={(column) => (column.sortable ? ariaSortOf(sort, column.key) : undefined)}
                headerOf={(column) =>
                  column.sortable ? (
                    <Button
                      className="react-aria-Button sort"
                      onPress={() =>
                        go((next) => {
                          next.set('sort', nextSort(sort, column.key));
                          next.delete('page');
                          next.delete('cursor');
                        })
                      }
                    >
                      {column.header}
                      <span aria-hidden="true">
                        {{ ascending: ' ▲', descending: ' ▼', none: '' }[ariaSortOf(sort, column.key)]}
                      </span>
                    </Button>
                  ) : (
                    column.header
                  )
                }
              />
              <nav className="pager" aria-label={`${props.label} pages`}>
                {pager.page !== undefined ? (
                  <>
                    <Button
                      isDisabled={pager.page <= 1}
                      onPress={() => go((next) => next.set('page', String((pager.page ?? 2) - 1)))}
                    >
                      Previous
                    </Button>
                    <span role="status">
                      Page {pager.page} of {pager.pages} ({pager.total} in all)
                    </span>
                    <Button
                      isDisabled={!pager.hasNext}
                      onPress={() => go((next) => next.set('page', String((pager.page ?? 0) + 1)))}
                    >
                      Next
                    </Button>
                  </>
                ) : (
                  <>
                    <Button
                      isDisabled={!url.get('cursor')}
                      onPress={() => {
                        const previous = cursorTrail.at(-1);
                        setCursorTrail(cursorTrail.slice(0, -1));
                        go((next) => (previous ? next.set('cursor', previous) : next.delete('cursor')));
                      }}
                    >
                      Previous
                    </Button>
                    <Button
                      isDisabled={!pager.hasNext}
                      onPress={() => {
                        const current = url.get('cursor');
                        if (current) setCursorTrail([...cursorTrail, current]);
                        go((next) => next.set('cursor', pager.nextCursor ?? ''));
                      }}
                    >
                      Next
                    </Button>
                  </>
                )}
              </nav>
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
