/**
 * The sales page's charts, a chunk of their own (Recharts is most of the page's weight): the
 * sales page shows its figures first and loads this when it renders. Each chart is an image for
 * assistive technology, labelled with what it shows; the tables on the sales page carry the same
 * figures as text.
 */
import type { ReactElement } from 'react';
// Recharts draws SVG elements with presentation attributes and sets styles through the CSSOM,
// which style-src 'self' allows: it injects no <style> element and needs no 'unsafe-inline'.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import './sales-charts.css';
import { statusLabel } from '../order-statuses.ts';
import { formatDay, formatMinor, formatMinorCompact, type PlotPoint } from '../sales-series.ts';

export interface SalesChartsProps {
  readonly points: readonly PlotPoint[];
  readonly currency: string;
  readonly interval: 'day' | 'week';
  readonly byStatus: Readonly<Record<string, number>>;
  readonly topProducts: readonly { sku: string; name: string; revenueMinor: number }[];
}

const blue = '#0b57d0';
const green = '#146c2e';

function Chart({ label, children }: { label: string; children: ReactElement }) {
  return (
    <figure className="chart-figure">
      <figcaption>{label}</figcaption>
      <div className="chart" role="img" aria-label={`${label} (the tables below have the figures)`}>
        {/* ResponsiveContainer sizes the chart to this box (its height comes from styles). */}
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

export function SalesCharts({ points, currency, interval, byStatus, topProducts }: SalesChartsProps) {
  const money = (value: unknown) => formatMinor(Number(value), currency);
  const day = (value: unknown) =>
    interval === 'week' ? `Week of ${formatDay(String(value))}` : formatDay(String(value));
  const statuses = Object.entries(byStatus).map(([status, orders]) => ({
    status: statusLabel(status),
    orders,
  }));
  return (
    <div className="charts">
      {/* No animation: the figures are what matters, and motion bothers some users. */}
      <Chart label={`Revenue per ${interval}`}>
        <BarChart data={[...points]} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={(v) => formatDay(String(v))} minTickGap={16} />
          <YAxis tickFormatter={(v) => formatMinorCompact(Number(v), currency)} width={64} />
          <Tooltip formatter={(v) => [money(v), 'Revenue']} labelFormatter={day} />
          <Bar dataKey="revenueMinor" name="Revenue" fill={green} isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart label={`Orders per ${interval}`}>
        <BarChart data={[...points]} margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={(v) => formatDay(String(v))} minTickGap={16} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip formatter={(v) => [String(v), 'Orders']} labelFormatter={day} />
          <Bar dataKey="orders" name="Orders" fill={blue} isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart label="Orders by status">
        <BarChart data={statuses} layout="vertical" margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="status" width={140} />
          <Tooltip formatter={(v) => [String(v), 'Orders']} />
          <Bar dataKey="orders" name="Orders" fill={blue} isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart label="Top products by revenue">
        <BarChart data={[...topProducts]} layout="vertical" margin={{ left: 8, right: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v) => formatMinorCompact(Number(v), currency)} />
          <YAxis type="category" dataKey="sku" width={140} />
          <Tooltip formatter={(v) => [money(v), 'Revenue']} />
          <Bar dataKey="revenueMinor" name="Revenue" fill={green} isAnimationActive={false} />
        </BarChart>
      </Chart>
    </div>
  );
}
