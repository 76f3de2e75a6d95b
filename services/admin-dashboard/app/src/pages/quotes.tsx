/**
 * The supplier's quotes queue (requested first by the filter in the nav link) and one quote: the
 * buyer's lines and note, the offer editor (a unit price per line, the validity date, a message)
 * and the thread, where the back office answers as the supplier.
 */
import {
  ApiError,
  Button,
  DataTable,
  ErrorMessage,
  formatDateTime,
  Money,
  QueryView,
  ScrollRegion,
  useApi,
} from '@b2b/web-kit/ui';
import type { Quote } from '@b2b/web-kit/ui/quote';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { OfferEditor } from '../quote-offer-editor.tsx';
import { quoteStatusLabel, quoteStatusOptions } from '../quote-status.ts';

export function QuotesPage() {
  return (
    <section>
      <h1>Quotes</h1>
      <DataTable<Quote>
        label="Quotes"
        path="/admin/quotes"
        rowKey={(q) => q.id}
        filters={[
          { name: 'status', label: 'Status', type: 'select', options: quoteStatusOptions },
          { name: 'companyId', label: 'Company id', type: 'search' },
        ]}
        empty="No quotes match."
        columns={[
          {
            key: 'number',
            header: 'Quote',
            rowHeader: true,
            cell: (q) => <Link to={`/quotes/${q.id}`}>{q.number}</Link>,
          },
          { key: 'createdAt', header: 'Requested', cell: (q) => formatDateTime(q.createdAt) },
          { key: 'status', header: 'Status', cell: (q) => quoteStatusLabel(q.status) },
          { key: 'lines', header: 'Lines', cell: (q) => q.items.length },
          {
            key: 'offer',
            header: 'Offer',
            cell: (q) => (q.offer ? <Money value={q.offer.subtotal} /> : '—'),
          },
        ]}
      />
    </section>
  );
}

function Thread({ quote }: { quote: Quote }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const post = useMutation({
    mutationFn: () => api.request<Quote>('POST', `/quotes/${quote.id}/messages`, { text: text.trim() }),
    onSuccess: (saved) => {
      setText('');
      queryClient.setQueryData(['quote', quote.id], saved);
    },
  });
  const error = post.error instanceof ApiError ? post.error : undefined;
  const open = quote.status === 'requested' || quote.status === 'offered';
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    post.mutate();
  };
  return (
    <section aria-labelledby="thread-heading">
      <h2 id="thread-heading">Messages</h2>
      {quote.messages.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <ol>
          {quote.messages.map((m) => (
            <li key={m.id}>
              <strong>{m.side === 'buyer' ? 'Buyer' : 'Supplier (us)'}</strong>{' '}
              <span className="muted">{formatDateTime(m.at)}</span>
              <p>{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      {open && (
        <form onSubmit={onSubmit}>
          <div className="field">
            <label htmlFor="thread-text">Write to the buyer</label>
            <textarea
              id="thread-text"
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={error?.fieldMessage('text') ? true : undefined}
              aria-describedby={error?.fieldMessage('text') ? 'thread-text-error' : undefined}
            />
            {error?.fieldMessage('text') && (
              <span id="thread-text-error" className="react-aria-FieldError">
                {error.fieldMessage('text')}
              </span>
            )}
          </div>
          {post.isError && !error?.fieldMessage('text') && <ErrorMessage error={post.error} />}
          <Button type="submit" isDisabled={post.isPending || text.trim() === ''}>
            Send message
          </Button>
        </form>
      )}
    </section>
  );
}

function Requested({ quote }: { quote: Quote }) {
  return (
    <ScrollRegion label="Requested lines">
      <table>
        <caption>Requested</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Target unit price</th>
          </tr>
        </thead>
        <tbody>
          {quote.items.map((line) => (
            <tr key={line.sku}>
              <th scope="row">
                {line.name} <span className="muted">{line.sku}</span>
              </th>
              <td>{line.quantity}</td>
              <td>{line.targetPrice ? <Money value={line.targetPrice} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function QuotePage() {
  const { id = '' } = useParams();
  const api = useApi();
  const quote = useQuery({
    queryKey: ['quote', id],
    queryFn: () => api.get<Quote>(`/admin/quotes/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/quotes?status=requested">Back to the queue</Link>
      </p>
      <QueryView query={quote}>
        {(q) => (
          <>
            <h1>Quote {q.number}</h1>
            <p role="status">
              {quoteStatusLabel(q.status)} · requested {formatDateTime(q.createdAt)} · company {q.companyId}
            </p>
            {q.note && <p>Buyer's note: {q.note}</p>}
            {q.status === 'accepted' && q.orderId && (
              <p className="notice">
                Accepted: <Link to={`/orders/${q.orderId}`}>order {q.orderNumber}</Link>
              </p>
            )}
            {q.status === 'declined' && (
              <p className="notice">Declined{q.declineReason ? `: ${q.declineReason}` : '.'}</p>
            )}
            <Requested quote={q} />
            {q.offer && (
              <p>
                Standing offer: <Money value={q.offer.subtotal} />, valid until{' '}
                {formatDateTime(q.offer.validUntil)}
              </p>
            )}
            {(q.status === 'requested' || q.status === 'offered') && <OfferEditor quote={q} />}
            <Thread quote={q} />
          </>
        )}
      </QueryView>
    </section>
  );
}
