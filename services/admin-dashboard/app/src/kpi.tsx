import { Money, type MoneyValue, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
// Recharts draws SVG elements with presentation attributes and sets styles through the CSSOM,
// which style-src 'self' allows: it injects no <style> element and needs no 'unsafe-inline'.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Sales {
  readonly revenue: MoneyValue;
  readonly orders: number;
  readonly averageOrderValue: MoneyValue;
  readonly series: readonly { date: string; revenue: MoneyValue; orders: number }[];
  readonly topProducts: readonly { sku: string; name: string; quantity: number; revenue: MoneyValue }[];
}

export function KpiPage() {
  const api = useApi();
  const sales = useQuery({
    queryKey: ['sales'],
    queryFn: () => api.get<Sales>('/admin/analytics/sales?interval=day'),
  });
  return (
    <section>
      <h1>Sales</h1>
      <QueryView query={sales}>
        {(s) => (
          <>
            <dl className="grid">
              <div className="card">
                <dt>Revenue</dt>
                <dd>
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
            <h2>Orders per day</h2>
            <div className="chart" role="img" aria-label="Orders per day (the table below has the figures)">
              <ResponsiveContainer>
                <BarChart data={s.series.map((p) => ({ date: p.date, orders: p.orders }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="date" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="orders" fill="#0b57d0" />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <div className="table-scroll">
              <table>
                <caption>Per day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Orders</th>
                    <th scope="col">Revenue</th>
                  </tr>
                </thead>
                <tbody>
                  {s.series.map((p) => (
                    <tr key={p.date}>
                      <td>{p.date}</td>
                      <td>{p.orders}</td>
                      <td>
                        <Money value={p.revenue} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
