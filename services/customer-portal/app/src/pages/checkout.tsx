import { ApiError, Button, ErrorMessage, Field, useApi } from '@b2b/web-kit/ui';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useNavigate } from 'react-router';
import type { Order } from '../api-types.ts';

export function CheckoutPage() {
  const api = useApi();
  const navigate = useNavigate();
  // One key per checkout attempt: a retried submit cannot create a second order.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [paymentMethod, setPaymentMethod] = useState('invoice');
  const place = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<Order>('POST', '/orders', body, { 'idempotency-key': idempotencyKey }),
    onSuccess: (order) => navigate(`/orders/${order.id}`),
  });
  const error = place.error instanceof ApiError ? place.error : undefined;
  const field = (name: string) => error?.fieldMessage(name);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    place.mutate({
      shippingAddress: {
        label: 'Delivery',
        line1: text('line1'),
        city: text('city'),
        postalCode: text('postalCode'),
        country: text('country').toUpperCase(),
        isDefault: false,
      },
      paymentMethod,
      ...(text('poNumber') ? { poNumber: text('poNumber') } : {}),
      ...(paymentMethod === 'card' ? { cardToken: 'tok_visa' } : {}),
    });
  };
  return (
    <section>
      <h1>Checkout</h1>
      <Form onSubmit={onSubmit}>
        <fieldset>
          <legend>Shipping address</legend>
          <Field name="line1" label="Street and number" isRequired error={field('shippingAddress/line1')} />
          <Field name="city" label="City" isRequired error={field('shippingAddress/city')} />
          <Field
            name="postalCode"
            label="Postal code"
            isRequired
            error={field('shippingAddress/postalCode')}
          />
          <Field
            name="country"
            label="Country (2-letter code)"
            isRequired
            error={field('shippingAddress/country')}
          />
        </fieldset>
        <Field name="poNumber" label="Purchase order number (optional)" error={field('poNumber')} />
        <RadioGroup value={paymentMethod} onChange={setPaymentMethod} className="field">
          <Label>Payment</Label>
          <Radio value="invoice">Invoice (company terms)</Radio>
          <Radio value="card">Card</Radio>
        </RadioGroup>
        {place.isError && <ErrorMessage error={place.error} />}
        <Button type="submit" isDisabled={place.isPending}>
          Place order
        </Button>
      </Form>
    </section>
  );
}
