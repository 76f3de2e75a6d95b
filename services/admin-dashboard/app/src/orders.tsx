import {
  Button,
  ErrorMessage,
  formatDateTime,
  Money,
  type MoneyValue,
  type Page,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

interface AdminOrder {
  readonly id: string;
  readonly orderNumber: string;
  readonly companyId: string;
  readonly status: string;
  readonly total: MoneyValue;
  readonly createdAt: string;
}

function OrderActions({ order }: { order: AdminOrder }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'ship' | 'deliver') =>
      api.request(
        'POST',
        `/admin/orders/${order.id}/${action}`,
        action === 'ship'
          ? { carrier: 'Local carrier', trackingNumber: `TRK-${order.orderNumber}` }
          : undefined,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['admin-orders'] }),
  });
  return (
    <>
      {order.status === 'confirmed' && (
        <Button onPress={() => act.mutate('ship')} aria-label={`Ship order ${order.orderNumber}`}>
          Ship
        </Button>
      )}
      {order.status === 'shipped' && (
        <Button
          onPress={() => act.mutate('deliver')}
          aria-label={`Mark order ${order.orderNumber} delivered`}
        >
          Delivered
        </Button>
      )}
      {act.isError && <ErrorMessage error={act.error} />}
    </>
  );
}

export function OrdersPage() {
  const api = useApi();
  const orders = useQuery({
    queryKey: ['admin-orders'],
    queryFn: () => api.get<Page<AdminOrder>>('/admin/orders?limit=50'),
  });
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
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {o.items.map((order) => (
                  <tr key={order.id}>
                    <td>{order.orderNumber}</td>
                    <td>{formatDateTime(order.createdAt)}</td>
                    <td>{order.status}</td>
                    <td>
                      <Money value={order.total} />
                    </td>
                    <td>
                      <OrderActions order={order} />
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
