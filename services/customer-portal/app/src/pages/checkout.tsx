/**
 * Checkout: a saved address or a new one, PO number and cost center, invoice (company terms) or
 * card (a token from the payment provider; the sandbox takes tok_visa), the cart's totals, and
 * the API's field errors next to the fields. One Idempotency-Key per visit: a repeated submit
 * (double click, retry after a timeout) cannot place a second order.
 */
import { Button, ErrorMessage, Field, Money, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import type { Cart, Order, PostalAddress } from '../api-types.ts';
import { useAddresses } from '../components/addresses.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { CostCenterField } from '../components/cost-center-field.tsx';

const NEW_ADDRESS = 'new';

function formatAddress(a: PostalAddress): string {
  return [a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', ');
}

export function CheckoutPage() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [paymentMethod, setPaymentMethod] = useState('invoice');
  const [addressChoice, setAddressChoice] = useState<string | undefined>();
  const cart = useQuery({ queryKey: ['cart'], queryFn: () => api.get<Cart>('/cart') });
  const addresses = useAddresses();
  const saved = addresses.data ?? [];
  const chosen =
    addressChoice ??
    saved.find((a) => a.isDefault)?.id ??
    saved[0]?.id ??
    (addresses.isSuccess ? NEW_ADDRESS : undefined);
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
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const savedAddress = saved.find((a) => a.id === chosen);
    const shippingAddress: PostalAddress = savedAddress
      ? {
          label: savedAddress.label,
          line1: savedAddress.line1,
          ...(savedAddress.line2 ? { line2: savedAddress.line2 } : {}),
          city: savedAddress.city,
          postalCode: savedAddress.postalCode,
          country: savedAddress.country.toUpperCase(),
        }
      : {
          line1: text('line1'),
          ...(text('line2') ? { line2: text('line2') } : {}),
          city: text('city'),
          postalCode: text('postalCode'),
          country: text('country').toUpperCase(),
        };
    place.mutate({
      shippingAddress,
      paymentMethod,
      ...(text('poNumber') ? { poNumber: text('poNumber') } : {}),
      ...(text('costCenter') ? { costCenter: text('costCenter') } : {}),
      ...(text('note') ? { note: text('note') } : {}),
      ...(paymentMethod === 'card' ? { cardToken: text('cardToken') } : {}),
    });
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
            <fieldset>
              <legend>Shipping address</legend>
              <QueryView query={addresses}>
                {(list) =>
                  list.length > 0 ? (
                    <RadioGroup value={chosen ?? null} onChange={setAddressChoice} className="field">
                      <Label>Deliver to</Label>
                      {list.map((a) => (
                        <Radio key={a.id} value={a.id}>
                          <strong>{a.label}</strong>: {formatAddress(a)}
                        </Radio>
                      ))}
                      <Radio value={NEW_ADDRESS}>A different address</Radio>
                    </RadioGroup>
                  ) : (
                    <p className="muted">
                      No saved addresses yet (<Link to="/profile">save one in your profile</Link>).
                    </p>
                  )
                }
              </QueryView>
              {chosen === NEW_ADDRESS && (
                <>
                  <Field
                    name="line1"
                    label="Street and number"
                    isRequired
                    error={field('shippingAddress/line1')}
                  />
                  <Field
                    name="line2"
                    label="Address line 2 (optional)"
                    error={field('shippingAddress/line2')}
                  />
                  <Field
                    name="postalCode"
                    label="Postal code"
                    isRequired
                    error={field('shippingAddress/postalCode')}
                  />
                  <Field name="city" label="City" isRequired error={field('shippingAddress/city')} />
                  <Field
                    name="country"
                    label="Country (2-letter code, e.g. DE)"
                    isRequired
                    error={field('shippingAddress/country')}
                  />
                </>
              )}
            </fieldset>
            <Field name="poNumber" label="Purchase order number (optional)" error={field('poNumber')} />
            <CostCenterField error={field('costCenter')} />
            <RadioGroup value={paymentMethod} onChange={setPaymentMethod} className="field">
              <Label>Payment</Label>
              <Radio value="invoice">Invoice (company payment terms)</Radio>
              <Radio value="card">Card</Radio>
            </RadioGroup>
            {paymentMethod === 'card' && (
              <Field
                name="cardToken"
                label="Card token from the payment provider (sandbox: tok_visa)"
                isRequired
                error={field('cardToken')}
              />
            )}
            <Field name="note" label="Note for the order (optional)" error={field('note')} />
            <dl className="totals">
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
                <strong>
                  <Money value={c.total} />
                </strong>
              </dd>
            </dl>
            {place.isError && <ErrorMessage error={place.error} />}
            <Button type="submit" isDisabled={place.isPending || chosen === undefined}>
              {place.isPending ? 'Placing the order…' : 'Place order'}
            </Button>
          </Form>
        )}
      </QueryView>
    </section>
  );
}
