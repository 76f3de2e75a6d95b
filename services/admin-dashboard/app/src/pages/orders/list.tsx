import { DataTable, formatDateTime, Money } from '@b2b/web-kit/ui';
import { Link } from 'react-router';
import { orderStatusOptions, statusLabel } from '../../order-statuses.ts';
import type { Order } from '../../types.ts';

export function OrdersPage() {
  return (
    <section>
      <h1>Orders</h1>
      <DataTable<Order>
        label="Orders"
        path="/admin/orders"
        rowKey={(o) => o.id}
        filters={[
          { name: 'status', label: 'Status', type: 'select', options: orderStatusOptions },
          { name: 'companyId', label: 'Company id', type: 'search' },
          { name: 'from', label: 'Placed from', type: 'date-from' },
          { name: 'to', label: 'Placed until', type: 'date-to' },
        ]}
        empty="No orders match."
        columns={[
          {
            key: 'orderNumber',
            header: 'Order',
            rowHeader: true,
            cell: (o) => <Link to={`/orders/${o.id}`}>{o.orderNumber}</Link>,
          },
          { key: 'createdAt', header: 'Placed', cell: (o) => formatDateTime(o.createdAt) },
          { key: 'status', header: 'Status', cell: (o) => statusLabel(o.status) },
          { key: 'total', header: 'Total', cell: (o) => <Money value={o.total} /> },
        ]}
      />
    </section>
  );
}
