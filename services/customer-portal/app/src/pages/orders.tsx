import { formatDateTime, Money, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { Order } from '../api-types.ts';

export function OrdersPage() {
  const api = useApi();
  const orders = useQuery({ queryKey: ['orders'], queryFn: () => api.get<Page<Order>>('/orders?limit=50') });
  return (
    <section>
      <h1>Orders</h1>
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
                    <td>{order.status}</td>
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

export function OrderPage() {
  const api = useApi();
  const { id = '' } = useParams();
  const order = useQuery({
    queryKey: ['order', id],
    queryFn: () => api.get<Order>(`/orders/${encodeURIComponent(id)}`),
  });
  return (
    <QueryView query={order}>
      {(o) => (
        <article>
          <h1>Order {o.orderNumber}</h1>
          <p>
            {o.status} · placed {formatDateTime(o.createdAt)} · {o.paymentMethod}
            {o.poNumber ? ` · PO ${o.poNumber}` : ''}
          </p>
          <ul>
            {o.items.map((item) => (
              <li key={item.sku}>
                {item.quantity} × {item.name} (<Money value={item.unitPrice} />) ={' '}
                <Money value={item.lineTotal} />
              </li>
            ))}
          </ul>
          <p>
            Total <Money value={o.total} />
          </p>
        </article>
      )}
    </QueryView>
  );
}
