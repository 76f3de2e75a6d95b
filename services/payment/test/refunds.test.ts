/**
 * Refunds of captured card payments: bounded by one conditional update (concurrent refunds never
 * exceed the capture), statuses, payment.refunded, Idempotency-Key, and who may refund.
 */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companySnapshot,
  orderPlaced,
  orderRef,
  type PaymentApp,
  startPaymentApp,
  startTestServer,
  type TestServer,
} from './support/payment-app.ts';

let server: TestServer;
let pay: PaymentApp;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  pay = await startPaymentApp(server);
  admin = await pay.token({ admin: true });
});
afterAll(async () => {
  await pay?.close();
  await server?.close();
});

let keyCounter = 0;
const newKey = () => `refund-key-${Date.now()}-${++keyCounter}`;

/** A captured card payment of `total`; its id. */
async function capturedCardPayment(
  total = '100.00',
): Promise<{ id: string; orderId: string; companyId: string }> {
  const placed = orderPlaced('company-refunds', total, { paymentMethod: 'card', cardToken: 'tok_visa' });
  await pay.deliver('order.placed', placed);
  await pay.deliver('order.shipped', { ...orderRef(placed), carrier: 'DHL', trackingNumber: 'R' });
  const list = (await pay.call('GET', `/payments?orderId=${placed.orderId}`, { token: admin })).json();
  expect(list.items[0].status).toBe('captured');
  return { id: list.items[0].id, orderId: placed.orderId, companyId: placed.companyId };
}

const refund = (
  id: string,
  amount: string,
  opts: { key?: string | null; token?: string; reason?: string } = {},
) =>
  pay.call('POST', `/admin/payments/${id}/refund`, {
    token: opts.token ?? admin,
    body: { amount: { amount, currency: 'EUR' }, reason: opts.reason ?? 'damaged goods' },
    headers: opts.key === null ? {} : { 'idempotency-key': opts.key ?? newKey() },
  });

/** payment.refunded's running totals, as amounts. */
const totals = (data: unknown) => {
  const { refundedTotal, capturedAmount } = data as EventPayloads['payment.refunded'];
  return { refunded: refundedTotal?.amount, captured: capturedAmount?.amount };
};

describe('refund bounds', () => {
  it('10 concurrent refunds of 30 on a capture of 100 → exactly 3 succeed, the rest 409', async () => {
    const payment = await capturedCardPayment('100.00');
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(payment.id, '30.00')));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(7);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json().code).toBe('REFUND_EXCEEDS_CAPTURED');
    const after = (await pay.call('GET', `/payments/${payment.id}`, { token: admin })).json();
    expect(after).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: { amount: '90.00', currency: 'EUR' },
    });
    expect(after.transactions.filter((t: { type: string }) => t.type === 'refund')).toHaveLength(3);
    const events = (await pay.outboxEvents('payment.refunded')).filter(
      (e) => e.data.paymentId === payment.id,
    );
    expect(events.map((e) => e.data.amount)).toEqual(Array(3).fill({ amount: '30.00', currency: 'EUR' }));
    // Each event carries the refunds so far: the three completions were serialised on the payment
    // (write conflicts), so the totals grow, and none says more than was refunded.
    expect(events.map((e) => totals(e.data).refunded).sort()).toEqual(['30.00', '60.00', '90.00']);
    expect(new Set(events.map((e) => totals(e.data).captured))).toEqual(new Set(['100.00']));
  });

  it('partial then full: partially_refunded → refunded; then anything more is a 409', async () => {
    const payment = await capturedCardPayment('100.00');
    const first = await refund(payment.id, '40.00');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'partially_refunded', refundedAmount: { amount: '40.00' } });
    const tooMuch = await refund(payment.id, '60.01');
    expect(tooMuch.statusCode).toBe(409);
    const rest = await refund(payment.id, '60.00');
    expect(rest.statusCode).toBe(200);
    expect(rest.json()).toMatchObject({ status: 'refunded', refundedAmount: { amount: '100.00' } });
    expect((await refund(payment.id, '0.01')).statusCode).toBe(409);
  });

  it('refuses an authorized (not captured) payment with 409, bad bodies with 400, unknown ids with 404', async () => {
    const placed = orderPlaced('company-refunds', '50.00', { paymentMethod: 'card', cardToken: 'tok_visa' });
    await pay.deliver('order.placed', placed);
    const list = (await pay.call('GET', `/payments?orderId=${placed.orderId}`, { token: admin })).json();
    const notCaptured = await refund(list.items[0].id, '10.00');
    expect(notCaptured.statusCode).toBe(409);
    expect(notCaptured.json().code).toBe('PAYMENT_NOT_REFUNDABLE');

    const captured = await capturedCardPayment('20.00');
    for (const amount of ['-1.00', '1.234567', 'ten']) {
      const res = await refund(captured.id, amount);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const wrongCurrency = await pay.call('POST', `/admin/payments/${captured.id}/refund`, {
      token: admin,
      body: { amount: { amount: '1.00', currency: 'USD' }, reason: 'x' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(wrongCurrency.statusCode).toBe(400);
    const extraField = await pay.call('POST', `/admin/payments/${captured.id}/refund`, {
      token: admin,
      body: { amount: { amount: '1.00', currency: 'EUR' }, reason: 'x', to: 'elsewhere' },
      headers: { 'idempotency-key': newKey() },
    });
    expect(extraField.statusCode).toBe(400);
    expect((await refund('no-such-payment', '1.00')).statusCode).toBe(404);
    // Positive control: the same payment refunds with a good body.
    expect((await refund(captured.id, '1.00')).statusCode).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body refunds once; the same key with another body is a 409; no key is a 400', async () => {
    const payment = await capturedCardPayment('100.00');
    const key = newKey();
    const first = await refund(payment.id, '25.00', { key });
    const second = await refund(payment.id, '25.00', { key });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json().refundedAmount).toEqual({ amount: '25.00', currency: 'EUR' });
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const reused = await refund(payment.id, '30.00', { key });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await refund(payment.id, '5.00', { key: null })).statusCode).toBe(400);
    const events = (await pay.outboxEvents('payment.refunded')).filter(
      (e) => e.data.paymentId === payment.id,
    );
    expect(events).toHaveLength(1);
  });

  it('concurrent requests with one key make one refund', async () => {
    const payment = await capturedCardPayment('100.00');
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 5 }, () => refund(payment.id, '10.00', { key })));
    expect(results.some((r) => r.statusCode === 200)).toBe(true);
    for (const r of results) expect([200, 409]).toContain(r.statusCode);
    const after = (await pay.call('GET', `/payments/${payment.id}`, { token: admin })).json();
    expect(after.refundedAmount).toEqual({ amount: '10.00', currency: 'EUR' });
  });
});

/** A company on net30 with a limit of 1,000 and one shipped invoice order of `total`. */
async function capturedInvoicePayment(total = '100.00') {
  const company = companySnapshot({ paymentTerms: 'net30' });
  await pay.deliver('company.updated', company);
  const placed = orderPlaced(company.companyId, total);
  await pay.deliver('order.placed', placed);
  await pay.deliver('order.shipped', { ...orderRef(placed), carrier: 'DHL', trackingNumber: 'I' });
  const [payment] = (await pay.call('GET', `/payments?orderId=${placed.orderId}`, { token: admin })).json()
    .items;
  expect(payment).toMatchObject({ method: 'invoice', status: 'captured' });
  return { id: payment.id as string, invoiceId: payment.invoiceId as string, companyId: company.companyId };
}

const invoiceOf = async (id: string) => (await pay.call('GET', `/invoices/${id}`, { token: admin })).json();
const creditUsed = async (companyId: string) =>
  (
    await pay.call('GET', '/companies/me/credit', {
      token: await pay.token({ companyId, companyRole: 'company_admin' }),
    })
  ).json().creditUsed.amount;

describe('refunds of invoice payments (credit notes)', () => {
  it('partial then full: the invoice asks for less, the credit comes back; then anything more is a 409', async () => {
    const payment = await capturedInvoicePayment('100.00');
    expect(await creditUsed(payment.companyId)).toBe('100.00');
    const first = await refund(payment.id, '40.00');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: { amount: '40.00', currency: 'EUR' },
    });
    expect(first.json().transactions.map((t: { type: string }) => t.type)).toEqual([
      'authorization',
      'capture',
      'refund',
    ]);
    expect(await invoiceOf(payment.invoiceId)).toMatchObject({
      status: 'open',
      amount: { amount: '100.00', currency: 'EUR' },
      creditedAmount: { amount: '40.00', currency: 'EUR' },
      amountDue: { amount: '60.00', currency: 'EUR' },
    });
    expect(await creditUsed(payment.companyId)).toBe('60.00');
    const tooMuch = await refund(payment.id, '60.01');
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('REFUND_EXCEEDS_CAPTURED');
    const rest = await refund(payment.id, '60.00');
    expect(rest.json()).toMatchObject({ status: 'refunded', refundedAmount: { amount: '100.00' } });
    // Fully credited: nothing is owed, so the invoice is settled and never goes overdue.
    expect(await invoiceOf(payment.invoiceId)).toMatchObject({
      status: 'paid',
      amountDue: { amount: '0.00' },
    });
    expect(await creditUsed(payment.companyId)).toBe('0.00');
    expect((await refund(payment.id, '0.01')).statusCode).toBe(409);
    const events = (await pay.outboxEvents('payment.refunded')).filter(
      (e) => e.data.paymentId === payment.id,
    );
    expect(events.map((e) => e.data.amount)).toEqual([
      { amount: '40.00', currency: 'EUR' },
      { amount: '60.00', currency: 'EUR' },
    ]);
    expect(events.map((e) => [totals(e.data).refunded, totals(e.data).captured])).toEqual([
      ['40.00', '100.00'],
      ['100.00', '100.00'],
    ]);
  });

  it('10 concurrent refunds of 30 on an invoice of 100: exactly 3, credit and invoice reduced by 90', async () => {
    const payment = await capturedInvoicePayment('100.00');
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(payment.id, '30.00')));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(7);
    expect(await invoiceOf(payment.invoiceId)).toMatchObject({
      status: 'open',
      creditedAmount: { amount: '90.00' },
      amountDue: { amount: '10.00' },
    });
    expect(await creditUsed(payment.companyId)).toBe('10.00');
  });

  it('mark-paid after a partial refund releases only what was still owed; a refund after payment leaves the credit alone', async () => {
    const payment = await capturedInvoicePayment('100.00');
    expect((await refund(payment.id, '25.00')).statusCode).toBe(200);
    expect(await creditUsed(payment.companyId)).toBe('75.00');
    const paid = await pay.call('POST', `/admin/invoices/${payment.invoiceId}/mark-paid`, { token: admin });
    expect(paid.statusCode).toBe(200);
    expect(await creditUsed(payment.companyId)).toBe('0.00');
    // The company paid in full what it owed; a later refund is money owed back, not credit.
    expect((await refund(payment.id, '10.00')).statusCode).toBe(200);
    expect(await creditUsed(payment.companyId)).toBe('0.00');
    expect(await invoiceOf(payment.invoiceId)).toMatchObject({
      status: 'paid',
      creditedAmount: { amount: '35.00' },
      amountDue: { amount: '0.00' },
    });
  });
});

describe('who may refund and read', () => {
  it('only platform admins refund; members read their own company payments, others get 404', async () => {
    const payment = await capturedCardPayment('30.00');
    const member = await pay.token({ companyId: payment.companyId, companyRole: 'company_admin' });
    const stranger = await pay.token({ companyId: 'another-company', companyRole: 'company_admin' });
    expect((await refund(payment.id, '1.00', { token: member })).statusCode).toBe(403);
    expect((await pay.call('GET', `/payments/${payment.id}`, { token: member })).statusCode).toBe(200);
    const hidden = await pay.call('GET', `/payments/${payment.id}`, { token: stranger });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('PAYMENT_NOT_FOUND');
    const strangerList = (
      await pay.call('GET', `/payments?orderId=${payment.orderId}`, { token: stranger })
    ).json();
    expect(strangerList).toEqual({ items: [], total: 0, page: 1, limit: 20 });
    expect((await pay.call('GET', `/payments/${payment.id}`)).statusCode).toBe(401);
  });
});
