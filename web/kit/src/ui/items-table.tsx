/**
 * The table markup of both apps, for rows a page already holds (a cart's lines, an order's or a
 * quote's lines) and, through DataTable, for lists read from the API: a native <table> named by
 * its caption, `th scope="col"` headers (with `aria-sort` when sortable), an optional row header
 * cell (`th scope="row"`), inside a focusable, named ScrollRegion so a keyboard user can scroll
 * it on a 375 px phone. Native table semantics: every control in a cell is reached with Tab.
 */
import type { ReactNode } from 'react';
import { ScrollRegion } from './components.tsx';

export interface Column<T> {
  /** Unique within the table; also the API's sort value when `sortable` (DataTable). */
  readonly key: string;
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** The API sorts by `key` (ascending) and `-key` (descending) (DataTable). */
  readonly sortable?: boolean;
  /** The cell that names the row (a <th scope="row"> for screen readers). */
  readonly rowHeader?: boolean;
}

export interface ItemsTableProps<T> {
  /** Accessible name of the scroll region, and of the table unless `caption` is given. */
  readonly label: string;
  /** A visible caption (the table's name then); without one the caption is `label`, visually hidden. */
  readonly caption?: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  /** The rows are being replaced (aria-busy), e.g. the previous page while the next loads. */
  readonly busy?: boolean;
  /** A header cell's content instead of `column.header` (DataTable's sort buttons). */
  readonly headerOf?: (column: Column<T>) => ReactNode;
  /** A header cell's `aria-sort` (DataTable: sortable columns only). */
  readonly sortOf?: (column: Column<T>) => 'ascending' | 'descending' | 'none' | undefined;
}

export function ItemsTable<T>(props: ItemsTableProps<T>) {
  return (
    <ScrollRegion label={props.label} busy={props.busy}>
      <table>
        <caption className={props.caption ? undefined : 'visually-hidden'}>
          {props.caption ?? props.label}
        </caption>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.key} scope="col" aria-sort={props.sortOf?.(column)}>
                {props.headerOf ? props.headerOf(column) : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row">
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key}>{column.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
