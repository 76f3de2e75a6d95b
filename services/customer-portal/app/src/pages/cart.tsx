/** The cart: lines with quantity steppers (the API enforces MOQ and multiples), warnings, totals. */
import {
  Button,
  type Column,
  ErrorMessage,
  ItemsTable,
  Money,
  QuantityStepper,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Cart, CartLine } from '../api-types.ts';
import { Totals } from '../components/totals.tsx';

function useCartRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['cart'] });
}

function QuantityCell({ line }: { line: CartLine }) {
  const api = useApi();
  const refresh = useCartRefresh();
  // The product's MOQ and multiple are enforced by the order service (400 with the reason shown).
  const change = useMutation({
    mutationFn: (quantity: number) => api.request('PATCH', `/cart/items/${line.id}`, { quantity }),
    onSettled: refresh,
  });
  return (
    <>
      <QuantityStepper
        label={`Quantity of ${line.name}`}
        value={line.quantity}
        min={1}
        step={1}
        onChange={(q) => change.mutate(q)}
      />
      {change.isError && <ErrorMessage error={change.error} />}
    </>
  );
}

function RemoveCell({ line }: { line: CartLine }) {
  const api = useApi();
  const refresh = useCartRefresh();
  const remove = useMutation({
    mutationFn: () => api.request('DELETE', `/cart/items/${line.id}`),
    onSettled: refresh,
  });
  return (
    <>
      <Button
        onPress={() => remove.mutate()}
        isDisabled={remove.isPending}
        aria-label={`Remove ${line.name}`}
      >
        Remove
      </Button>
      {remove.isError && <ErrorMessage error={remove.error} />}
    </>
  );
}

const columns: readonly Column<CartLine>[] = [
  {
    key: 'product',
    header: 'Product',
    cell: (line) => (
      <>
        <Link to={`/products/${encodeURIComponent(line.sku)}`}>{line.name}</Link>
        <div className="muted">SKU {line.sku}</div>
      </>
    ),
  },
  { key: 'quantity', header: 'Quantity', cell: (line) => <QuantityCell line={line} /> },
  { key: 'unitPrice', header: 'Unit price', cell: (line) => <Money value={line.unitPrice} /> },
  { key: 'lineTotal', header: 'Total', cell: (line) => <Money value={line.lineTotal} /> },
  { key: 'actions', header: 'Actions', cell: (line) => <RemoveCell line={line} /> },
];

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
            <ItemsTable label="Cart lines" columns={columns} rows={c.items} rowKey={(line) => line.id} />
            <Totals amounts={c} />
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
