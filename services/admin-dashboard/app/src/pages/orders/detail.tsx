import {
  ApiError,
  Button,
  ErrorMessage,
  Field,
  formatDateTime,
  Money,
  type Page,
  QueryView,
  ScrollRegion,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { money, text } from '../../forms.ts';
import { cancellableStatuses, paymentStatusLabel, statusLabel } from '../../order-statuses.ts';
import type { Order, Payment } from '../../types.ts';

function useOrderAction(order: Order) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: 'ship' | 'deliver' | 'cancel'; body?: unknown }) =>
      api.request<Order>('POST', `/admin/orders/${order.id}/${action}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['order', order.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['list'] });
      void queryClient.invalidateQueries({ queryKey: ['payments', order.id] });
    },
  });
}

function Ship({ order }: { order: Order }) {
  const act = useOrderAction(order);
  const error = act.error instanceof ApiError ? act.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    act.mutate({
      action: 'ship',
      body: { carrier: text(data, 'carrier'), trackingNumber: text(data, 'trackingNumber') },
    });
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="ship-heading">
      <h2 id="ship-heading">Ship</h2>
      <div className="form-row">
        <Field name="carrier" label="Carrier" isRequired error={error?.fieldMessage('carrier')} />
        <Field
          name="trackingNumber"
          label="Tracking number"
          isRequired
          error={error?.fieldMessage('trackingNumber')}
        />
      </div>
      {act.isError && <ErrorMessage error={act.error} />}
      <Button type="submit" isDisabled={act.isPending}>
        Ship order
      </Button>
    </form>
  );
}

function Refund({ payment }: { payment: Payment }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // One Idempotency-Key per refund the admin means to make: the same request sent again (a retried
  // click after a lost answer) carries the same key, so the server replays it and never refunds
  // twice. A different amount or reason is a different refund and gets a new key: with the old one
  // the server would replay its earlier answer (a refused 999.00 stayed refused when corrected).
  const attempt = useRef<{ body: string; key: string } | undefined>(undefined);
  const keyFor = (body: unknown) => {
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: crypto.randomUUID() };
    return attempt.current.key;
  };
  // A made refund clears the form (and the next one, even of the same amount, is a new refund).
  const [formKey, setFormKey] = useState(0);
  const refund = useMutation({
    mutationFn: (body: unknown) =>
      api.request<Payment>('POST', `/admin/payments/${payment.id}/refund`, body, {
        'idempotency-key': keyFor(body),
      }),
    onSuccess: () => {
      attempt.current = undefined;
      setFormKey((n) => n + 1);
      void queryClient.invalidateQueries({ queryKey: ['payments', payment.orderId] });
    },
  });
  const error = refund.error instanceof ApiError ? refund.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    refund.mutate({
      amount: money(text(data, 'amount'), payment.amount.currency),
      reason: text(data, 'reason'),
    });
  };
  return (
    <form key={formKey} onSubmit={onSubmit} aria-labelledby="refund-heading">
      <h2 id="refund-heading">Refund</h2>
      <div className="form-row">
        <Field
          name="amount"
          label={`Amount (${payment.amount.currency})`}
          inputMode="decimal"
          isRequired
          error={error?.fieldMessage('amount/amount') ?? error?.fieldMessage('amount')}
        />
        <Field name="reason" label="Reason" isRequired error={error?.fieldMessage('reason')} />
      </div>
      {refund.isError && <ErrorMessage error={refund.error} />}
      {refund.isSuccess && <p role="status">Refund recorded.</p>}
      <Button type="submit" isDisabled={refund.isPending}>
        Refund
      </Button>
    </form>
  );
}

function PaymentPanel({ order }: { order: Order }) {
  const api = useApi();
  const payments = useQuery({
    queryKey: ['payments', order.id],
    queryFn: () => api.get<Page<Payment>>(`/payments?orderId=${order.id}&limit=5`),
  });
  return (
    <section aria-labelledby="payment-heading">
      <h2 id="payment-heading">Payment</h2>
      <QueryView query={payments} isEmpty={(p) => p.items.length === 0} empty="No payment recorded yet.">
        {(p) => (
          <>
            {p.items.map((payment) => (
              <div key={payment.id}>
                <p>
                  {payment.method}, {payment.status}: <Money value={payment.amount} /> (captured{' '}
                  <Money value={payment.capturedAmount} />, refunded <Money value={payment.refundedAmount} />)
                </p>
                {(payment.status === 'captured' || payment.status === 'partially_refunded') && (
                  <Refund payment={payment} />
                )}
              </div>
            ))}
          </>
        )}
      </QueryView>
    </section>
  );
}

function OrderView({ order }: { order: Order }) {
  const act = useOrderAction(order);
  return (
    <>
      <h1>
        Order {order.orderNumber} <small className="muted">{statusLabel(order.status)}</small>
      </h1>
      <p>
        Placed {formatDateTime(order.createdAt)} by company{' '}
        <Link to={`/companies/${order.companyId}`}>{order.companyId}</Link>;{' '}
        {order.paymentMethod === 'invoice' ? 'on invoice' : 'by card'} (
        {paymentStatusLabel(order.paymentStatus)}){order.poNumber ? `, PO ${order.poNumber}` : ''}.
        {order.cancellationReason ? ` Cancelled: ${order.cancellationReason}.` : ''}
      </p>
      <ScrollRegion label="Order lines">
        <table>
          <caption className="visually-hidden">Lines</caption>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Name</th>
              <th scope="col">Quantity</th>
              <th scope="col">Unit price</th>
              <th scope="col">Line total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((line) => (
              <tr key={line.sku}>
                <th scope="row">{line.sku}</th>
                <td>{line.name}</td>
                <td>{line.quantity}</td>
                <td>
                  <Money value={line.unitPrice} />
                </td>
                <td>
                  <Money value={line.lineTotal} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <dl className="grid">
        <div className="card">
          <dt>Subtotal</dt>
          <dd>
            <Money value={order.subtotal} />
          </dd>
        </div>
        <div className="card">
          <dt>Tax</dt>
          <dd>
            <Money value={order.tax} />
          </dd>
        </div>
        <div className="card">
          <dt>Shipping</dt>
          <dd>
            <Money value={order.shipping} />
          </dd>
        </div>
        <div className="card">
          <dt>Total</dt>
          <dd>
            <Money value={order.total} />
          </dd>
        </div>
      </dl>
      <p>
        Ship to: {order.shippingAddress.line1}
        {order.shippingAddress.line2 ? `, ${order.shippingAddress.line2}` : ''},{' '}
        {order.shippingAddress.postalCode} {order.shippingAddress.city}, {order.shippingAddress.country}
        {order.shipment
          ? `. Shipped with ${order.shipment.carrier}, tracking ${order.shipment.trackingNumber}`
          : ''}
      </p>
      {order.status === 'confirmed' && <Ship order={order} />}
      <div className="actions">
        {order.status === 'shipped' && (
          <Button isDisabled={act.isPending} onPress={() => act.mutate({ action: 'deliver' })}>
            Mark delivered
          </Button>
        )}
        {cancellableStatuses.includes(order.status) && (
          <Button
            className="react-aria-Button danger"
            isDisabled={act.isPending}
            onPress={() => act.mutate({ action: 'cancel' })}
          >
            Cancel order
          </Button>
        )}
      </div>
      {act.isError && <ErrorMessage error={act.error} />}
      <h2>History</h2>
      <ol>
        {order.history.map((h) => (
          <li key={`${h.status}-${h.at}`}>
            {statusLabel(h.status)}, {formatDateTime(h.at)}
            {h.reason ? ` (${h.reason})` : ''}
          </li>
        ))}
      </ol>
      <PaymentPanel order={order} />
    </>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const order = useQuery({
    queryKey: ['order', id],
    queryFn: () => api.get<Order>(`/admin/orders/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/orders">← Orders</Link>
      </p>
      <QueryView query={order}>{(o) => <OrderView order={o} />}</QueryView>
    </section>
  );
}
