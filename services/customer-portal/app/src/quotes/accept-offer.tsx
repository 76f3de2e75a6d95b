/**
 * Accepting an offer places an order at exactly the offered prices, so it asks what checkout asks
 * (CheckoutFields: where to deliver, how to pay, PO number and cost center, the API's field errors
 * next to each). One Idempotency-Key per visit: a double click cannot place two orders.
 */
import { Button, ErrorMessage, useApi } from '@b2b/web-kit/ui';
import type { Quote } from '@b2b/web-kit/ui/quote';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { apiErrorOf } from '../components/api-error.ts';
import { CheckoutFields, checkoutDetailsOf, useCheckoutChoices } from '../components/checkout-fields.tsx';

export function AcceptOffer({ quote, onAccepted }: { quote: Quote; onAccepted: (q: Quote) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const choices = useCheckoutChoices();
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
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    accept.mutate({ ...checkoutDetailsOf(new FormData(event.currentTarget), choices) });
  };
  return (
    <Form onSubmit={onSubmit} className="checkout" aria-labelledby="accept-heading">
      <h2 id="accept-heading">Accept the offer</h2>
      <CheckoutFields choices={choices} errorOf={(field) => error?.fieldMessage(field)} />
      {accept.isError && <ErrorMessage error={accept.error} />}
      <Button type="submit" isDisabled={accept.isPending || choices.chosen === undefined}>
        {accept.isPending ? 'Placing the order…' : 'Accept and place the order'}
      </Button>
    </Form>
  );
}
