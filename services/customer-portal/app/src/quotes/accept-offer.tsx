/**
 * Accepting an offer places an order at exactly the offered prices, so it asks what checkout asks:
 * where to deliver, how to pay, PO number and cost center (the API's field errors next to each).
 * One Idempotency-Key per visit: a double click cannot place two orders.
 */
import { Button, ErrorMessage, Field, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Label, Radio, RadioGroup } from 'react-aria-components';
import type { PostalAddress, SavedAddress } from '../api-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { CostCenterField } from '../components/cost-center-field.tsx';
import type { Quote } from './quote-types.ts';

const NEW_ADDRESS = 'new';

function addressOf(saved: SavedAddress): PostalAddress {
  return {
    label: saved.label,
    line1: saved.line1,
    ...(saved.line2 ? { line2: saved.line2 } : {}),
    city: saved.city,
    postalCode: saved.postalCode,
    country: saved.country.toUpperCase(),
  };
}

export function AcceptOffer({ quote, onAccepted }: { quote: Quote; onAccepted: (q: Quote) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [paymentMethod, setPaymentMethod] = useState('invoice');
  const [addressChoice, setAddressChoice] = useState<string | undefined>();
  // A page, as every list of the API (its own cache key: checkout and profile keep another shape).
  const addresses = useQuery({
    queryKey: ['addresses', 'page'],
    queryFn: () => api.get<Page<SavedAddress>>('/users/me/addresses?limit=100'),
  });
  const saved = addresses.data?.items ?? [];
  const chosen = addressChoice ?? saved.find((a) => a.isDefault)?.id ?? saved[0]?.id ?? NEW_ADDRESS;
  const accept = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<Quote>('POST', `/quotes/${quote.id}/accept`, body, { 'idempotency-key': idempotencyKey }),
    onSuccess: async (accepted) => {
      queryClient.setQueryData(['quotes', quote.id], accepted);
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      onAccepted(accepted);
    },
    // A 409 (expired meanwhile, or already accepted) changes the quote: show it as it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: ['quotes', quote.id] }),
  });
  const error = apiErrorOf(accept.error);
  const field = (name: string) => error?.fieldMessage(name);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const savedAddress = saved.find((a) => a.id === chosen);
    const shippingAddress: PostalAddress = savedAddress
      ? addressOf(savedAddress)
      : {
          line1: text('line1'),
          ...(text('line2') ? { line2: text('line2') } : {}),
          city: text('city'),
          postalCode: text('postalCode'),
          country: text('country').toUpperCase(),
        };
    accept.mutate({
      shippingAddress,
      paymentMethod,
      ...(text('poNumber') ? { poNumber: text('poNumber') } : {}),
      ...(text('costCenter') ? { costCenter: text('costCenter') } : {}),
      ...(paymentMethod === 'card' ? { cardToken: text('cardToken') } : {}),
    });
  };
  return (
    <Form onSubmit={onSubmit} className="checkout" aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept the offer</h2>
      <fieldset>
        <legend>Shipping address</legend>
        <QueryView query={addresses}>
          {({ items: list }) =>
            list.length > 0 ? (
              <RadioGroup value={chosen} onChange={setAddressChoice} className="field">
                <Label>Deliver to</Label>
                {list.map((a) => (
                  <Radio key={a.id} value={a.id}>
                    <strong>{a.label}</strong>: {a.line1}, {a.postalCode} {a.city}, {a.country}
                  </Radio>
                ))}
                <Radio value={NEW_ADDRESS}>A different address</Radio>
              </RadioGroup>
            ) : null
          }
        </QueryView>
        {chosen === NEW_ADDRESS && (
          <>
            <Field name="line1" label="Street and number" isRequired error={field('shippingAddress/line1')} />
            <Field name="line2" label="Address line 2 (optional)" error={field('shippingAddress/line2')} />
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
      {accept.isError && <ErrorMessage error={accept.error} />}
      <Button type="submit" isDisabled={accept.isPending}>
        {accept.isPending ? 'Placing the order…' : 'Accept and place the order'}
      </Button>
    </Form>
  );
}
