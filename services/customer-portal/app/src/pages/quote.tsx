/**
 * One quote, buyer side: the requested lines (with target prices), the supplier's offer with its
 * validity, the thread, and the decision: accept (→ the order) or decline. An expired offer is
 * shown as such and cannot be accepted.
 */
import {
  Button,
  type Column,
  ErrorMessage,
  Field,
  formatDateTime,
  ItemsTable,
  Money,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import type { Quote } from '@b2b/web-kit/ui/quote';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { apiErrorOf } from '../components/api-error.ts';
import { AcceptOffer } from '../quotes/accept-offer.tsx';
import { isAcceptable, isExpired, quoteStatusLabels } from '../quotes/quote-state.ts';
import { QuoteThread } from '../quotes/quote-thread.tsx';

type RequestedLine = Quote['items'][number];
type OfferedLine = NonNullable<Quote['offer']>['items'][number];

const requestedColumns: readonly Column<RequestedLine>[] = [
  {
    key: 'product',
    header: 'Product',
    rowHeader: true,
    cell: (line) => (
      <>
        {line.name} <span className="muted">SKU {line.sku}</span>
      </>
    ),
  },
  { key: 'quantity', header: 'Quantity', cell: (line) => line.quantity },
  {
    key: 'targetPrice',
    header: 'Target unit price',
    cell: (line) =>
      line.targetPrice ? <Money value={line.targetPrice} /> : <span className="muted">—</span>,
  },
];

const offeredColumns: readonly Column<OfferedLine>[] = [
  { key: 'product', header: 'Product', rowHeader: true, cell: (line) => line.name },
  { key: 'quantity', header: 'Quantity', cell: (line) => line.quantity },
  { key: 'unitPrice', header: 'Unit price', cell: (line) => <Money value={line.unitPrice} /> },
  { key: 'lineTotal', header: 'Total', cell: (line) => <Money value={line.lineTotal} /> },
];

function RequestedLines({ quote }: { quote: Quote }) {
  return (
    <ItemsTable
      label="Requested lines"
      caption="Requested"
      columns={requestedColumns}
      rows={quote.items}
      rowKey={(line) => line.sku}
    />
  );
}

function Offer({ quote }: { quote: Quote }) {
  const offer = quote.offer;
  if (!offer) return <p className="notice">The supplier has not made an offer yet.</p>;
  const expired = isExpired(quote);
  return (
    <section aria-labelledby="offer-heading">
      <h2 id="offer-heading">Offer</h2>
      <p className={expired ? 'notice notice-warning' : undefined}>
        {expired
          ? `This offer expired on ${formatDateTime(offer.validUntil)}.`
          : `Valid until ${formatDateTime(offer.validUntil)}.`}
      </p>
      {offer.message && <p>{offer.message}</p>}
      <ItemsTable
        label="Offered prices"
        caption="Offered prices"
        columns={offeredColumns}
        rows={offer.items}
        rowKey={(line) => line.sku}
      />
      <p>
        Subtotal (before tax and shipping):{' '}
        <strong>
          <Money value={offer.subtotal} />
        </strong>
      </p>
    </section>
  );
}

function Decline({ quote }: { quote: Quote }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const decline = useMutation({
    mutationFn: (reason: string) =>
      api.request<Quote>('POST', `/quotes/${quote.id}/decline`, reason ? { reason } : {}),
    onSuccess: (updated) => {
      queryClient.setQueryData(['quotes', quote.id], updated);
      return queryClient.invalidateQueries({ queryKey: ['quotes'], exact: true });
    },
  });
  const reasonError = apiErrorOf(decline.error)?.fieldMessage('reason');
  if (!open) {
    return (
      <Button className="react-aria-Button secondary" onPress={() => setOpen(true)}>
        Decline…
      </Button>
    );
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    decline.mutate(String(new FormData(event.currentTarget).get('reason') ?? '').trim());
  };
  return (
    <Form onSubmit={onSubmit}>
      <Field name="reason" label="Why decline? (optional, the supplier reads it)" error={reasonError} />
      {decline.isError && !reasonError && <ErrorMessage error={decline.error} />}
      <div className="actions">
        <Button type="submit" isDisabled={decline.isPending}>
          Decline quote
        </Button>
        <Button className="react-aria-Button secondary" onPress={() => setOpen(false)}>
          Back
        </Button>
      </div>
    </Form>
  );
}

export function QuotePage() {
  const { id = '' } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  const quote = useQuery({
    queryKey: ['quotes', id],
    queryFn: () => api.get<Quote>(`/quotes/${encodeURIComponent(id)}`),
    // The supplier answers in the back office: look again now and then while it is open.
    refetchInterval: (q) => (q.state.data?.status === 'requested' ? 10_000 : false),
  });
  return (
    <section>
      <QueryView query={quote}>
        {(q) => (
          <div className="stack">
            <h1>Quote {q.number}</h1>
            <p role="status">
              Status: <strong>{isExpired(q) ? 'Expired' : quoteStatusLabels[q.status]}</strong> · requested{' '}
              {formatDateTime(q.createdAt)}
            </p>
            {q.status === 'accepted' && q.orderId && (
              <p className="notice">
                Accepted: <Link to={`/orders/${q.orderId}`}>order {q.orderNumber}</Link>
              </p>
            )}
            {q.status === 'declined' && (
              <p className="notice">Declined{q.declineReason ? `: ${q.declineReason}` : '.'}</p>
            )}
            {q.note && (
              <p>
                <span className="muted">Note:</span> {q.note}
              </p>
            )}
            <RequestedLines quote={q} />
            <Offer quote={q} />
            {isAcceptable(q) && (
              <AcceptOffer quote={q} onAccepted={(a) => a.orderId && navigate(`/orders/${a.orderId}`)} />
            )}
            {isExpired(q) && (
              <Button isDisabled aria-describedby="offer-heading">
                Accept (offer expired)
              </Button>
            )}
            {(q.status === 'requested' || q.status === 'offered') && <Decline quote={q} />}
            <QuoteThread quote={q} />
          </div>
        )}
      </QueryView>
    </section>
  );
}
