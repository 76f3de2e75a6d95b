/**
 * The offer editor: a unit price per requested line (prefilled with the standing offer, else the
 * buyer's target), the currency, the last day the offer holds and a message for the thread. A new
 * offer replaces the standing one; the API's errors[] show next to the line or field they name.
 */
import { ApiError, Button, dayToInstant, ErrorMessage, Field, useApi } from '@b2b/web-kit/ui';
import type { Quote } from '@b2b/web-kit/ui/quote';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { messageUnder, money, text } from './forms.ts';

/** A local day as the date input's `YYYY-MM-DD`. */
function dayOf(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The standing offer's last local day (it runs until the next midnight), else a week from today. */
function defaultValidDay(quote: Quote, now = new Date()): string {
  if (quote.offer) return dayOf(new Date(Date.parse(quote.offer.validUntil) - 1));
  return dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7));
}

export function OfferEditor({ quote }: { quote: Quote }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const offer = useMutation({
    mutationFn: (body: unknown) => api.request<Quote>('POST', `/admin/quotes/${quote.id}/offer`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['quote', quote.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['list'] });
    },
  });
  const error = offer.error instanceof ApiError ? offer.error : undefined;
  const currency =
    quote.offer?.subtotal.currency ?? quote.items.find((i) => i.targetPrice)?.targetPrice?.currency ?? 'EUR';
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const chosenCurrency = text(data, 'currency');
    const day = text(data, 'validUntil');
    const message = text(data, 'message');
    offer.mutate({
      items: quote.items.map((line, i) => ({
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: money(text(data, `price-${i}`), chosenCurrency),
      })),
      // The whole chosen day (until the next local midnight); a malformed day is sent as typed.
      validUntil: dayToInstant(day, 'to') ?? day,
      ...(message ? { message } : {}),
    });
  };
  const dayError = error?.fieldMessage('validUntil');
  return (
    <form onSubmit={onSubmit} aria-labelledby="offer-heading">
      <h2 id="offer-heading">{quote.offer ? 'Replace the offer' : 'Make an offer'}</h2>
      {quote.items.map((line, i) => (
        <Field
          key={line.sku}
          name={`price-${i}`}
          label={`Unit price for ${line.name} (${line.quantity} requested)`}
          inputMode="decimal"
          isRequired
          defaultValue={
            quote.offer?.items.find((o) => o.sku === line.sku)?.unitPrice.amount ?? line.targetPrice?.amount
          }
          error={messageUnder(offer.error, `items/${i}`)}
        />
      ))}
      <Field
        name="currency"
        label="Currency"
        isRequired
        defaultValue={currency}
        error={error?.fieldMessage('items/0/unitPrice/currency')}
      />
      <div className="field">
        <label htmlFor="offer-valid-until">Valid until (the whole day)</label>
        <input
          id="offer-valid-until"
          name="validUntil"
          type="date"
          required
          defaultValue={defaultValidDay(quote)}
          aria-invalid={dayError ? true : undefined}
          aria-describedby={dayError ? 'offer-valid-until-error' : undefined}
        />
        {dayError && (
          <span id="offer-valid-until-error" className="react-aria-FieldError">
            {dayError}
          </span>
        )}
      </div>
      <Field
        name="message"
        label="Message to the buyer (optional)"
        multiline
        error={error?.fieldMessage('message')}
      />
      {offer.isError && <ErrorMessage error={offer.error} />}
      {offer.isSuccess && <p role="status">Offer sent. The buyer has been told.</p>}
      <Button type="submit" isDisabled={offer.isPending}>
        {offer.isPending ? 'Sending…' : 'Send offer'}
      </Button>
    </form>
  );
}
