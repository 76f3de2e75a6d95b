/**
 * Requests for quote, buyer side: the list (the buyer's own; approvers and company admins see the
 * company's) and the request form, from the cart's lines with an optional target price per line
 * and a note. The offer, thread and decision are on the detail page (quote.tsx).
 */
import {
  type ApiError,
  Button,
  ErrorMessage,
  Field,
  formatDateTime,
  Money,
  type Page,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import type { Quote } from '@b2b/web-kit/ui/quote';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import type { Cart } from '../api-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { TextAreaField } from '../components/fields.tsx';
import { quoteStatusLabels } from '../quotes/quote-state.ts';

export function QuotesPage() {
  const api = useApi();
  const quotes = useQuery({
    queryKey: ['quotes'],
    queryFn: () => api.get<Page<Quote>>('/quotes?limit=50'),
  });
  return (
    <section>
      <h1>Quotes</h1>
      <p>
        <Link to="/quotes/new">Request a quote from the cart</Link>
      </p>
      <QueryView
        query={quotes}
        isEmpty={(p) => p.items.length === 0}
        empty="No quotes yet. Fill the cart, then request a quote for it."
      >
        {(p) => (
          <ul className="stack">
            {p.items.map((q) => (
              <li key={q.id} className="card">
                <h2>
                  <Link to={`/quotes/${q.id}`}>Quote {q.number}</Link>
                </h2>
                <p>
                  {quoteStatusLabels[q.status]} · {q.items.length} {q.items.length === 1 ? 'line' : 'lines'} ·
                  requested {formatDateTime(q.createdAt)}
                  {q.offer && (
                    <>
                      {' '}
                      · offer <Money value={q.offer.subtotal} />, valid until{' '}
                      {formatDateTime(q.offer.validUntil)}
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

/**
 * The API's first message about line `i` (`/items/0/targetPrice/amount` and the like): the body is
 * one of two shapes, so the errors name the line's own fields.
 */
function lineMessage(error: ApiError | undefined, i: number): string | undefined {
  return error?.fieldErrors.find((e) => e.path.startsWith(`/items/${i}/`))?.message;
}

/** A line's target price as the API takes it, or undefined when left empty. */
function targetPriceOf(value: string, currency: string) {
  const amount = value.trim().replace(',', '.');
  return amount ? { amount, currency } : undefined;
}

export function RequestQuotePage() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const cart = useQuery({ queryKey: ['cart'], queryFn: () => api.get<Cart>('/cart') });
  const [note, setNote] = useState('');
  const request = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.request<Quote>('POST', '/quotes', body),
    onSuccess: async (quote) => {
      await queryClient.invalidateQueries({ queryKey: ['quotes'] });
      navigate(`/quotes/${quote.id}`);
    },
  });
  const error = apiErrorOf(request.error);
  const onSubmit = (c: Cart) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const items = c.items.map((line, i) => {
      const targetPrice = targetPriceOf(String(data.get(`target-${i}`) ?? ''), line.unitPrice.currency);
      return { sku: line.sku, quantity: line.quantity, ...(targetPrice ? { targetPrice } : {}) };
    });
    const withNote = note.trim() ? { note: note.trim() } : {};
    // No target price anywhere: the cart as it is (the service reads it itself).
    request.mutate(
      items.some((i) => i.targetPrice) ? { items, ...withNote } : { fromCart: true, ...withNote },
    );
  };
  return (
    <section>
      <h1>Request a quote</h1>
      <QueryView
        query={cart}
        isEmpty={(c) => c.items.length === 0}
        empty={
          <>
            Your cart is empty: <Link to="/">add products</Link> first, then ask for a quote.
          </>
        }
      >
        {(c) => (
          <Form onSubmit={onSubmit(c)} className="stack">
            <p className="muted">
              The supplier answers with a price per line and a date until which the offer holds. A target
              price is optional.
            </p>
            <ul className="stack">
              {c.items.map((line, i) => (
                <li key={line.id} className="card">
                  <strong>{line.name}</strong> <span className="muted">SKU {line.sku}</span>
                  <p>
                    {line.quantity} × <Money value={line.unitPrice} /> today
                  </p>
                  <Field
                    name={`target-${i}`}
                    inputMode="decimal"
                    label={`Target unit price for ${line.name} (${line.unitPrice.currency}, optional)`}
                    error={lineMessage(error, i)}
                  />
                </li>
              ))}
            </ul>
            <TextAreaField
              name="note"
              label="Note for the supplier (optional)"
              value={note}
              onChange={setNote}
              rows={3}
              error={error?.fieldMessage('note')}
            />
            {request.isError && <ErrorMessage error={request.error} />}
            <Button type="submit" isDisabled={request.isPending}>
              {request.isPending ? 'Sending…' : 'Request quote'}
            </Button>
          </Form>
        )}
      </QueryView>
    </section>
  );
}
