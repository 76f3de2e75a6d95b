/**
 * Orders: the list (a status filter), and one order with its status timeline, cancel (before it
 * ships) and reorder. An order still being decided (pending, awaiting approval) is re-read while
 * the page is open, so the buyer sees it become confirmed without reloading.
 */
import {
  Button,
  type Column,
  DataTable,
  ErrorMessage,
  formatDateTime,
  ItemsTable,
  Money,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { type BulkResult, type Order, type OrderStatus, orderStatusLabel } from '../api-types.ts';
import { formatAddress } from '../components/address-fields.tsx';
import { statusFilter } from '../components/status-filter.ts';
import { Totals } from '../components/totals.tsx';

/** How often an order that is still moving is re-read (ms). */
const pollEvery: Partial<Record<OrderStatus, number>> = { pending: 1_000, awaiting_approval: 5_000 };
const cancellable: readonly OrderStatus[] = ['awaiting_approval', 'pending', 'confirmed'];

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status status-${status}`}>{orderStatusLabel[status]}</span>;
}

const orderColumns: readonly Column<Order>[] = [
  {
    key: 'orderNumber',
    header: 'Order',
    rowHeader: true,
    cell: (order) => <Link to={`/orders/${order.id}`}>{order.orderNumber}</Link>,
  },
  { key: 'createdAt', header: 'Placed', cell: (order) => formatDateTime(order.createdAt) },
  { key: 'status', header: 'Status', cell: (order) => <StatusBadge status={order.status} /> },
  { key: 'total', header: 'Total', cell: (order) => <Money value={order.total} /> },
];

export function OrdersPage() {
  return (
    <section>
      <h1>Orders</h1>
      <DataTable
        label="Orders"
        path="/orders"
        columns={orderColumns}
        rowKey={(order) => order.id}
        filters={statusFilter(orderStatusLabel)}
        empty="No orders found."
      />
    </section>
  );
}

const lineColumns: readonly Column<Order['items'][number]>[] = [
  {
    key: 'product',
    header: 'Product',
    cell: (item) => (
      <>
        {item.name} <span className="muted">({item.sku})</span>
      </>
    ),
  },
  { key: 'quantity', header: 'Quantity', cell: (item) => item.quantity },
  { key: 'unitPrice', header: 'Unit price', cell: (item) => <Money value={item.unitPrice} /> },
  { key: 'lineTotal', header: 'Total', cell: (item) => <Money value={item.lineTotal} /> },
];

/** The approver's reason, as they wrote it: what the buyer needs to change before ordering again. */
function RejectionNotice({ order }: { order: Order }) {
  const reason = order.history.findLast((h) => h.status === 'rejected')?.reason;
  return (
    <p className="notice notice-warning">
      {reason ? `Not approved: ${reason}` : 'Not approved by your company’s approver.'}
    </p>
  );
}

function Timeline({ order }: { order: Order }) {
  return (
    <ol className="timeline" aria-label="Status history">
      {order.history.map((h) => (
        <li key={`${h.status}-${h.at}`}>
          <strong>{orderStatusLabel[h.status]}</strong> <time dateTime={h.at}>{formatDateTime(h.at)}</time>
          {h.reason && <span className="muted"> · {h.reason.replaceAll('_', ' ')}</span>}
        </li>
      ))}
    </ol>
  );
}

function OrderActions({ order }: { order: Order }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => api.request<Order>('POST', `/orders/${order.id}/cancel`, {}),
    onSuccess: (updated) => {
      queryClient.setQueryData(['order', order.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  const reorder = useMutation({
    mutationFn: () => api.request<BulkResult>('POST', `/orders/${order.id}/reorder`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cart'] }),
  });
  return (
    <div className="actions">
      {cancellable.includes(order.status) && (
        <Button
          onPress={() => cancel.mutate()}
          isDisabled={cancel.isPending}
          className="react-aria-Button secondary"
        >
          Cancel order
        </Button>
      )}
      <Button onPress={() => reorder.mutate()} isDisabled={reorder.isPending}>
        Order again
      </Button>
      {cancel.isError && <ErrorMessage error={cancel.error} />}
      {reorder.isError && <ErrorMessage error={reorder.error} />}
      {reorder.data && (
        <div role="status">
          <p>
            {reorder.data.added.length} of {order.items.length} lines copied into your cart.{' '}
            <Link to="/cart">Go to the cart</Link>
          </p>
          {reorder.data.errors.length > 0 && (
            <ul>
              {reorder.data.errors.map((e) => (
                <li key={e.sku}>
                  {e.sku}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

export function OrderPage() {
  const api = useApi();
  const { id = '' } = useParams();
  const order = useQuery({
    queryKey: ['order', id],
    queryFn: () => api.get<Order>(`/orders/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (query.state.data ? (pollEvery[query.state.data.status] ?? false) : false),
  });
  return (
    <QueryView query={order}>
      {(o) => (
        <article>
          <h1>Order {o.orderNumber}</h1>
          <p role="status">
            Status: <StatusBadge status={o.status} />
          </p>
          {o.status === 'awaiting_approval' && o.approvalReasons.length > 0 && (
            <p className="notice">Waiting for an approver: {o.approvalReasons.join('; ')}</p>
          )}
          {o.status === 'rejected' && <RejectionNotice order={o} />}
          <p>
            Placed {formatDateTime(o.createdAt)} · {o.paymentMethod === 'invoice' ? 'Invoice' : 'Card'}
            {o.poNumber ? ` · PO ${o.poNumber}` : ''}
            {o.costCenter ? ` · cost center ${o.costCenter}` : ''}
          </p>
          <p>
            Ship to {o.shippingAddress.label ? `${o.shippingAddress.label}: ` : ''}
            {formatAddress(o.shippingAddress)}
          </p>
          {o.shipment && (
            <p>
              Shipped with {o.shipment.carrier}, tracking number {o.shipment.trackingNumber}
            </p>
          )}
          <ItemsTable label="Order lines" columns={lineColumns} rows={o.items} rowKey={(item) => item.sku} />
          <Totals amounts={o} />
          <h2>History</h2>
          <Timeline order={o} />
          <OrderActions order={o} />
        </article>
      )}
    </QueryView>
  );
}
