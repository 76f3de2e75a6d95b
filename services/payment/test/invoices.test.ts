/**
 * Invoices: issued at capture with the company's terms, numbered from an atomic counter, marked
 * overdue by an idempotent job, paid by an admin (credit released), read by the right people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOverdueJob } from '../src/jobs/overdue.ts';
import {
  companySnapshot,
  orderPlaced,
  orderRef,
  type PaymentApp,
  startPaymentApp,
  startTestServer,
  type TestServer,
} from './support/payment-app.ts';

const DAY = 86_400_000;

let server: TestServer;
let pay: PaymentApp;
beforeAll(async () => {
  server = await startTestServer();
  pay = await startPaymentApp(server);
});
afterAll(async () => {
  await pay?.close();
  await server?.close();
});

/** A company on `terms`, one invoice order of `total` placed and shipped. */
async function shippedInvoiceOrder(terms: 'net30' | 'net60', total = '200.00') {
  const company = companySnapshot({ paymentTerms: terms });
  await pay.deliver('company.updated', company);
  const placed = orderPlaced(company.companyId, total);
  await pay.deliver('order.placed', placed);
  const shipped = await pay.deliver('order.shipped', {
    ...orderRef(placed),
    carrier: 'UPS',
    trackingNumber: 'Z1',
  });
  const [issued] = (await pay.outboxEvents('invoice.issued')).filter(
    (e) => e.data.orderId === placed.orderId,
  );
  return { company, placed, shipped, issued };
}

const credit = async (companyId: string) =>
  (
    await pay.call('GET', '/companies/me/credit', {
      token: await pay.token({ companyId, companyRole: 'buyer' }),
    })
  ).json();

describe('issuing', () => {
  it('captures on shipping and issues an invoice due 30 or 60 days after the ship date', async () => {
    for (const [terms, days] of [
      ['net30', 30],
      ['net60', 60],
    ] as const) {
      const { placed, shipped, issued } = await shippedInvoiceOrder(terms);
      expect(issued?.data).toEqual({
        invoiceId: expect.any(String),
        orderId: placed.orderId,
        companyId: placed.companyId,
        number: expect.stringMatching(/^INV-\d{4}-\d{6}$/),
        amount: { amount: '200.00', currency: 'EUR' },
        dueDate: new Date(new Date(shipped.occurredAt).getTime() + days * DAY).toISOString(),
      });
      const captured = (await pay.outboxEvents('payment.captured')).filter(
        (e) => e.data.orderId === placed.orderId,
      );
      expect(captured.map((e) => e.data.amount)).toEqual([{ amount: '200.00', currency: 'EUR' }]);
    }
  });

  it('numbers invoices from one counter: concurrent captures never share a number', async () => {
    const company = companySnapshot({ creditLimit: { amount: '100000.00', currency: 'EUR' } });
    await pay.deliver('company.updated', company);
    const orders = Array.from({ length: 8 }, () => orderPlaced(company.companyId, '10.00'));
    for (const o of orders) await pay.deliver('order.placed', o);
    await Promise.all(
      orders.map((o) =>
        pay.deliver('order.shipped', { ...orderRef(o), carrier: 'UPS', trackingNumber: 'N' }),
      ),
    );
    const ids = new Set(orders.map((o) => o.orderId));
    const numbers = (await pay.outboxEvents('invoice.issued'))
      .filter((e) => ids.has(e.data.orderId as string))
      .map((e) => e.data.number as string);
    expect(numbers).toHaveLength(8);
    expect(new Set(numbers).size).toBe(8);
    const year = new Date().getUTCFullYear();
    for (const n of numbers) expect(n.startsWith(`INV-${year}-`)).toBe(true);
  });
});

describe('overdue job and payment', () => {
  it('marks an open invoice overdue once past its due date (idempotent), then mark-paid releases the credit', async () => {
    const { company, issued } = await shippedInvoiceOrder('net30', '150.00');
    const invoiceId = issued?.data.invoiceId as string;
    const job = startOverdueJob(pay.ctx, 3_600_000);
    try {
      // Not yet due: nothing marked (positive control below).
      await job.runOnce();
      expect(
        (await pay.outboxEvents('invoice.overdue')).filter((e) => e.data.invoiceId === invoiceId),
      ).toEqual([]);
      pay.advance(31 * DAY);
      await job.runOnce();
      await job.runOnce();
      const overdue = (await pay.outboxEvents('invoice.overdue')).filter(
        (e) => e.data.invoiceId === invoiceId,
      );
      expect(overdue).toHaveLength(1);
      expect(overdue[0]?.data).toMatchObject({
        number: issued?.data.number,
        outstanding: { amount: '150.00', currency: 'EUR' },
        daysOverdue: 1,
      });
    } finally {
      await job.stop();
      pay.advance(-31 * DAY);
    }
    const admin = await pay.token({ admin: true });
    expect((await pay.call('GET', `/invoices/${invoiceId}`, { token: admin })).json().status).toBe('overdue');
    expect((await credit(company.companyId)).creditUsed.amount).toBe('150.00');

    const paid = await pay.call('POST', `/admin/invoices/${invoiceId}/mark-paid`, { token: admin });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ id: invoiceId, status: 'paid', paidAt: expect.any(String) });
    expect((await credit(company.companyId)).creditUsed.amount).toBe('0.00');
    // Twice: 409, and the credit is not released again.
    const again = await pay.call('POST', `/admin/invoices/${invoiceId}/mark-paid`, { token: admin });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('INVOICE_ALREADY_PAID');
    expect((await credit(company.companyId)).creditUsed.amount).toBe('0.00');
  });

  it('mark-paid: unknown invoice 404, non-admin 403', async () => {
    const admin = await pay.token({ admin: true });
    expect((await pay.call('POST', '/admin/invoices/nope/mark-paid', { token: admin })).statusCode).toBe(404);
    const { company, issued } = await shippedInvoiceOrder('net30');
    const companyAdmin = await pay.token({ companyId: company.companyId, companyRole: 'company_admin' });
    const res = await pay.call('POST', `/admin/invoices/${issued?.data.invoiceId}/mark-paid`, {
      token: companyAdmin,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('who reads invoices', () => {
  it('company_admin: own company 200, another company 404; buyer and approver 403; admin all', async () => {
    const a = await shippedInvoiceOrder('net30');
    const b = await shippedInvoiceOrder('net60');
    const idA = a.issued?.data.invoiceId as string;
    const idB = b.issued?.data.invoiceId as string;
    const adminA = await pay.token({ companyId: a.company.companyId, companyRole: 'company_admin' });
    const own = await pay.call('GET', `/invoices/${idA}`, { token: adminA });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({
      id: idA,
      orderId: a.placed.orderId,
      paymentId: expect.any(String),
      companyId: a.company.companyId,
      number: a.issued?.data.number,
      amount: { amount: '200.00', currency: 'EUR' },
      creditedAmount: { amount: '0.00', currency: 'EUR' },
      amountDue: { amount: '200.00', currency: 'EUR' },
      issuedAt: a.shipped.occurredAt,
      dueDate: a.issued?.data.dueDate,
      status: 'open',
      paidAt: null,
    });
    const other = await pay.call('GET', `/invoices/${idB}`, { token: adminA });
    expect(other.statusCode).toBe(404);
    const list = (await pay.call('GET', '/invoices', { token: adminA })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([idA]);
    expect(list).toMatchObject({ total: 1, page: 1, limit: 20 });
    for (const role of ['buyer', 'approver']) {
      const token = await pay.token({ companyId: a.company.companyId, companyRole: role });
      expect((await pay.call('GET', `/invoices/${idA}`, { token })).statusCode).toBe(403);
      expect((await pay.call('GET', '/invoices', { token })).statusCode).toBe(403);
    }
    const admin = await pay.token({ admin: true });
    expect((await pay.call('GET', `/invoices/${idB}`, { token: admin })).statusCode).toBe(200);
    expect((await pay.call('GET', '/invoices')).statusCode).toBe(401);
  });
});
