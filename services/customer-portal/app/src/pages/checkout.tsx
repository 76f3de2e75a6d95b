/**
 * Checkout: the order fields every placement asks (CheckoutFields: saved or new address, PO
 * number, cost center, invoice or card), a note, the cart's totals, and the API's field errors
 * next to the fields. One Idempotency-Key per visit: a repeated submit (double click, retry after
 * a timeout) cannot place a second order.
 */
import { Button, ErrorMessage, Field, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import type { Cart, Order } from '../api-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { CheckoutFields, checkoutDetailsOf, useCheckoutChoices } from '../components/checkout-fields.tsx';
import { Totals } from '../components/totals.tsx';

export function CheckoutPage() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const choices = useCheckoutChoices();
  const cart = useQuery({ queryKey: ['cart'], queryFn: () => api.get<Cart>('/cart') });
  const place = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<Order>('POST', '/orders', body, { 'idempotency-key': idempotencyKey }),
    onSuccess: async (order) => {
      await queryClient.invalidateQueries({ queryKey: ['cart'] });
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      navigate(`/orders/${order.id}`);
    },
  });
  const error = apiErrorOf(place.error);
  const field = (name: string) => error?.fieldMessage(name);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const note = String(data.get('note') ?? '').trim();
    place.mutate({ ...checkoutDetailsOf(data, choices), ...(note ? { note } : {}) });
  };

  return (
    <section>
      <h1>Checkout</h1>
      <QueryView
        query={cart}
        isEmpty={(c) => c.items.length === 0}
        empty={
          <>
            Your cart is empty. <Link to="/">Browse the catalog</Link> or use the{' '}
            <Link to="/quick-order">quick order</Link>.
          </>
        }
      >
        {(c) => (
          <Form onSubmit={onSubmit} className="checkout">
            <CheckoutFields choices={choices} errorOf={field} />
            <Field name="note" label="Note for the order (optional)" error={field('note')} />
            <Totals amounts={c} />
            {place.isError && <ErrorMessage error={place.error} />}
            <Button type="submit" isDisabled={place.isPending || choices.chosen === undefined}>
              {place.isPending ? 'Placing the order…' : 'Place order'}
            </Button>
          </Form>
        )}
      </QueryView>
    </section>
  );
}
