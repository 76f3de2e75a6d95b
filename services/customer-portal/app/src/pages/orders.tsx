/**
 * Orders: the list (a status filter), and one order with its status timeline, cancel (before it
 * ships) and reorder. An order still being decided (pending, awaiting approval) is re-read while
 * the page is open, so the buyer sees it become confirmed without reloading.
 */
import { Button, ErrorMessage, formatDateTime, Money, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { type BulkResult, type Order, type OrderStatus, orderStatusLabel } from '../api-types.ts';
import { SelectField } from '../components/fields.tsx';

/** How often an order that is still moving is re-read (ms). */
const pollEvery: Partial<Record<OrderStatus, number>> = { pending: 1_000, awaiting_approval: 5_000 };
const cancellable: readonly OrderStatus[] = ['awaiting_approval', 'pending', 'confirmed'];

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status status-${status}`}>{orderStatusLabel[status]}</span>;
}

export function OrdersPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const orders = useQuery({
    queryKey: ['orders', status],
    queryFn: () => api.get<Page<Order>>(`/orders?limit=50${status ? `&status=${status}` : ''}`),
  });
  return (
    <section>
      <h1>Orders</h1>
      <SelectField
        id="order-status-filter"
        name="status"
        label="Show"
        value={status}
        onChange={(value) => setParams(value ? { status: value } : {})}
        options={[
          { value: '', label: 'All orders' },
          ...Object.entries(orderStatusLabel).map(([value, label]) => ({ value, label })),
        ]}
      />
      <QueryView query={orders} isEmpty={(o) => o.items.length === 0} empty="No orders yet.">
        {(o) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Status</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {o.items.map((order) => (
                  <tr key={order.id}>
                    <td>
                      <Link to={`/orders/${order.id}`}>{order.orderNumber}</Link>
                    </td>
                    <td>{formatDateTime(order.createdAt)}</td>
                    <td>
                      <StatusBadge status={order.status} />
                    </td>
                    <td>
                      <Money value={order.total} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
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
          <p>
            Placed {formatDateTime(o.createdAt)} · {o.paymentMethod === 'invoice' ? 'Invoice' : 'Card'}
            {o.poNumber ? ` · PO ${o.poNumber}` : ''}
            {o.costCenter ? ` · cost center ${o.costCenter}` : ''}
          </p>
          {o.shipment && (
            <p>
              Shipped with {o.shipment.carrier}, tracking number {o.shipment.trackingNumber}
            </p>
          )}
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Unit price</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {o.items.map((item) => (
                  <tr key={item.sku}>
                    <td>
                      {item.name} <span className="muted">({item.sku})</span>
                    </td>
                    <td>{item.quantity}</td>
                    <td>
                      <Money value={item.unitPrice} />
                    </td>
                    <td>
                      <Money value={item.lineTotal} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="totals">
            <dt>Subtotal</dt>
            <dd>
              <Money value={o.subtotal} />
            </dd>
            <dt>Tax</dt>
            <dd>
              <Money value={o.tax} />
            </dd>
            <dt>Shipping</dt>
            <dd>
              <Money value={o.shipping} />
            </dd>
            <dt>Total</dt>
            <dd>
              <strong>
                <Money value={o.total} />
              </strong>
            </dd>
          </dl>
          <h2>History</h2>
          <Timeline order={o} />
          <OrderActions order={o} />
        </article>
      )}
    </QueryView>
  );
}
