import { dayToInstant, ItemsTable, Money, type MoneyValue, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { statusLabel } from '../order-statuses.ts';
import { plotSeries, toMinor } from '../sales-series.ts';

// The charts (and Recharts with them) are a chunk of their own: the figures show while it loads.
const SalesCharts = lazy(() => import('./sales-charts.tsx').then((m) => ({ default: m.SalesCharts })));

interface Sales {
  readonly revenue: MoneyValue;
  readonly orders: number;
  readonly averageOrderValue: MoneyValue;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly series: readonly { date: string; revenue: MoneyValue; orders: number }[];
  readonly topProducts: readonly { sku: string; name: string; quantity: number; revenue: MoneyValue }[];
}

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The URL's period (days in the user's time zone), by default the last 30 days including today. */
function usePeriod() {
  const [url, setUrl] = useSearchParams();
  const today = new Date();
  const defaultFrom = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29);
  const from = url.get('from') ?? isoDay(defaultFrom);
  const to = url.get('to') ?? isoDay(today);
  const interval = url.get('interval') === 'week' ? 'week' : 'day';
  return { from, to, interval, setUrl } as const;
}

export function SalesPage() {
  const api = useApi();
  const period = usePeriod();
  const fromInstant = dayToInstant(period.from, 'from');
  const toInstant = dayToInstant(period.to, 'to');
  const path =
    fromInstant && toInstant
      ? `/admin/analytics/sales?${new URLSearchParams({ from: fromInstant, to: toInstant, interval: period.interval })}`
      : undefined;
  const sales = useQuery({
    queryKey: ['sales', path],
    queryFn: () => api.get<Sales>(path ?? ''),
    enabled: path !== undefined,
    // Figures are read on every visit (the cached ones show meanwhile), never 30 s old.
    staleTime: 0,
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    period.setUrl({
      from: String(data.get('from')),
      to: String(data.get('to')),
      interval: String(data.get('interval')),
    });
  };
  return (
    <section>
      <h1>Sales</h1>
      <form
        className="filters"
        onSubmit={onSubmit}
        aria-label="Period"
        key={`${period.from}-${period.to}-${period.interval}`}
      >
        <div className="filter">
          <label htmlFor="sales-from">From</label>
          <input id="sales-from" name="from" type="date" defaultValue={period.from} required />
        </div>
        <div className="filter">
          <label htmlFor="sales-to">Until</label>
          <input id="sales-to" name="to" type="date" defaultValue={period.to} required />
        </div>
        <div className="filter">
          <label htmlFor="sales-interval">Per</label>
          <select id="sales-interval" name="interval" defaultValue={period.interval}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit">Show</button>
        </div>
      </form>
      {path === undefined ? (
        <p className="notice notice-error" role="alert">
          Choose a valid period.
        </p>
      ) : (
        <QueryView query={sales}>
          {(s) => (
            <>
              <dl className="grid">
                <div className="card">
                  <dt>Revenue</dt>
                  <dd data-testid="revenue">
                    <Money value={s.revenue} />
                  </dd>
                </div>
                <div className="card">
                  <dt>Orders</dt>
                  <dd>{s.orders}</dd>
                </div>
                <div className="card">
                  <dt>Average order</dt>
                  <dd>
                    <Money value={s.averageOrderValue} />
                  </dd>
                </div>
              </dl>
              <Suspense
                fallback={
                  <p className="notice" role="status">
                    Loading the charts…
                  </p>
                }
              >
                <SalesCharts
                  points={plotSeries(s.series, {
                    from: fromInstant ?? '',
                    to: toInstant ?? '',
                    interval: period.interval,
                  })}
                  currency={s.revenue.currency}
                  interval={period.interval}
                  byStatus={s.byStatus}
                  topProducts={s.topProducts.map((p) => ({
                    sku: p.sku,
                    name: p.name,
                    revenueMinor: toMinor(p.revenue),
                  }))}
                />
              </Suspense>
              <ItemsTable
                label="Figures per period"
                caption={`Per ${period.interval}`}
                columns={[
                  { key: 'from', header: 'From', cell: (p) => p.date, rowHeader: true },
                  { key: 'orders', header: 'Orders', cell: (p) => p.orders },
                  { key: 'revenue', header: 'Revenue', cell: (p) => <Money value={p.revenue} /> },
                ]}
                rows={s.series}
                rowKey={(p) => p.date}
              />
              <h2>Orders by status</h2>
              <ul>
                {Object.entries(s.byStatus).map(([status, n]) => (
                  <li key={status}>
                    {statusLabel(status)}: {n}
                  </li>
                ))}
              </ul>
              <ItemsTable
                label="Top products"
                caption="Top products"
                columns={[
                  { key: 'sku', header: 'SKU', cell: (p) => p.sku, rowHeader: true },
                  { key: 'name', header: 'Name', cell: (p) => p.name },
                  { key: 'quantity', header: 'Quantity', cell: (p) => p.quantity },
                  { key: 'revenue', header: 'Revenue', cell: (p) => <Money value={p.revenue} /> },
                ]}
                rows={s.topProducts}
                rowKey={(p) => p.sku}
              />
            </>
          )}
        </QueryView>
      )}
    </section>
  );
}
