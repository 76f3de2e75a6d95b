/**
 * The approvals inbox (approvers and company admins): the company's orders awaiting approval,
 * each approved, or rejected with a reason the buyer will read. The API refuses a decision on
 * one's own order; that message is shown as it comes.
 */
import {
  Button,
  ErrorMessage,
  Field,
  formatDateTime,
  Money,
  type Page,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { Link } from 'react-router';
import type { Order } from '../api-types.ts';
import { apiErrorOf } from '../components/api-error.ts';

function Decision({ order, onDecided }: { order: Order; onDecided: (message: string) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const decide = useMutation({
    mutationFn: (input: { action: 'approve' | 'reject'; reason?: string }) =>
      api.request<Order>(
        'POST',
        `/orders/${order.id}/${input.action}`,
        input.reason ? { reason: input.reason } : {},
      ),
    onSuccess: (_, input) => {
      // The order leaves the list once decided: the page keeps the confirmation.
      onDecided(
        `Order ${order.orderNumber} ${input.action === 'approve' ? 'approved' : 'rejected'}. The buyer has been told.`,
      );
      return queryClient.invalidateQueries({ queryKey: ['orders'] });
    },
  });
  // The API takes a rejection without a reason; the buyer would not know what to change, so the
  // inbox asks for one before sending (the field is marked required).
  const [reasonMissing, setReasonMissing] = useState(false);
  const apiReasonError = apiErrorOf(decide.error)?.fieldMessage('reason');
  const reasonError = apiReasonError ?? (reasonMissing ? 'Write the reason the buyer will read.' : undefined);
  const onReject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setReasonMissing(reason === '');
    if (reason !== '') decide.mutate({ action: 'reject', reason });
  };
  return (
    <li className="card approval">
      <h2>
        <Link to={`/orders/${order.id}`}>Order {order.orderNumber}</Link>
      </h2>
      <p>
        <strong>
          <Money value={order.total} />
        </strong>{' '}
        · {order.items.length} {order.items.length === 1 ? 'line' : 'lines'} · placed{' '}
        {formatDateTime(order.createdAt)}
        {order.poNumber ? ` · PO ${order.poNumber}` : ''}
      </p>
      {order.approvalReasons.length > 0 && <p className="muted">{order.approvalReasons.join('; ')}</p>}
      {rejecting ? (
        <Form onSubmit={onReject}>
          <Field
            name="reason"
            label={`Reason for rejecting ${order.orderNumber}`}
            isRequired
            error={reasonError}
          />
          <div className="actions">
            <Button type="submit" isDisabled={decide.isPending}>
              Reject order
            </Button>
            <Button className="react-aria-Button secondary" onPress={() => setRejecting(false)}>
              Back
            </Button>
          </div>
        </Form>
      ) : (
        <div className="actions">
          <Button
            onPress={() => decide.mutate({ action: 'approve' })}
            isDisabled={decide.isPending}
            aria-label={`Approve ${order.orderNumber}`}
          >
            Approve
          </Button>
          <Button
            className="react-aria-Button secondary"
            onPress={() => setRejecting(true)}
            aria-label={`Reject ${order.orderNumber}`}
          >
            Reject…
          </Button>
        </div>
      )}
      {decide.isError && !apiReasonError && <ErrorMessage error={decide.error} />}
    </li>
  );
}

export function ApprovalsPage() {
  const api = useApi();
  const [decided, setDecided] = useState<string | undefined>();
  const waiting = useQuery({
    queryKey: ['orders', 'awaiting_approval'],
    queryFn: () => api.get<Page<Order>>('/orders?status=awaiting_approval&limit=50'),
    refetchInterval: 10_000,
  });
  return (
    <section>
      <h1>Approvals</h1>
      <p role="status">{decided}</p>
      <QueryView
        query={waiting}
        isEmpty={(p) => p.items.length === 0}
        empty="Nothing is waiting for your approval."
      >
        {(p) => (
          <ul className="stack">
            {p.items.map((order) => (
              <Decision key={order.id} order={order} onDecided={setDecided} />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
