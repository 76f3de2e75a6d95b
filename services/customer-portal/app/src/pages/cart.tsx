import { Button, ErrorMessage, Money, QuantityStepper, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Cart, CartLine } from '../api-types.ts';
import { TableScroll } from '../components/table-scroll.tsx';

function Line({ line }: { line: CartLine }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['cart'] });
  // The product's MOQ and multiple are enforced by the order service (400 with the reason shown).
  const change = useMutation({
    mutationFn: (quantity: number) => api.request('PATCH', `/cart/items/${line.id}`, { quantity }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.request('DELETE', `/cart/items/${line.id}`),
    onSettled: refresh,
  });
  return (
    <tr>
      <td>
        <Link to={`/products/${encodeURIComponent(line.sku)}`}>{line.name}</Link>
        <div className="muted">SKU {line.sku}</div>
      </td>
      <td>
        <QuantityStepper
          label={`Quantity of ${line.name}`}
          value={line.quantity}
          min={1}
          step={1}
          onChange={(q) => change.mutate(q)}
        />
        {change.isError && <ErrorMessage error={change.error} />}
      </td>
      <td>
        <Money value={line.unitPrice} />
      </td>
      <td>
        <Money value={line.lineTotal} />
      </td>
      <td>
        <Button onPress={() => remove.mutate()} aria-label={`Remove ${line.name}`}>
          Remove
        </Button>
      </td>
    </tr>
  );
}

export function CartPage() {
  const api = useApi();
  const cart = useQuery({ queryKey: ['cart'], queryFn: () => api.get<Cart>('/cart') });
  return (
    <section>
      <h1>Cart</h1>
      <p>
        <Link to="/quick-order">Quick order by SKU</Link>
      </p>
      <QueryView query={cart} isEmpty={(c) => c.items.length === 0} empty="Your cart is empty.">
        {(c) => (
          <>
            {c.warnings.map((w) => (
              <p key={`${w.code}:${w.sku ?? ''}`} className="notice notice-warning" role="status">
                {w.message}
              </p>
            ))}
            <TableScroll label="Cart lines">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Quantity</th>
                    <th scope="col">Unit price</th>
                    <th scope="col">Total</th>
                    <th scope="col">
                      <span className="muted">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {c.items.map((line) => (
                    <Line key={line.id} line={line} />
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <dl>
              <dt>Subtotal</dt>
              <dd>
                <Money value={c.subtotal} />
              </dd>
              <dt>Tax</dt>
              <dd>
                <Money value={c.tax} />
              </dd>
              <dt>Shipping</dt>
              <dd>
                <Money value={c.shipping} />
              </dd>
              <dt>Total</dt>
              <dd>
                <Money value={c.total} />
              </dd>
            </dl>
            <Link className="button-link" to="/checkout">
              Checkout
            </Link>{' '}
            <Link to="/quotes/new">Request a quote</Link>
          </>
        )}
      </QueryView>
    </section>
  );
}
