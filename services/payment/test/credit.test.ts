/**
 * The credit ledger: snapshots applied if newer, invoice orders authorized by one conditional
 * update (no overspend under concurrency), declines with reasons, voids giving credit back.
 */
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
beforeAll(async () => {
  server = await startTestServer();
  pay = await startPaymentApp(server);
});
afterAll(async () => {
  await pay?.close();
  await server?.close();
});

async function creditOf(companyId: string) {
  const token = await pay.token({ companyId, companyRole: 'buyer' });
  return pay.call('GET', '/companies/me/credit', { token });
}

async function repliesFor(orderId: string) {
  const authorized = (await pay.outboxEvents('payment.authorized')).filter((e) => e.data.orderId === orderId);
  const declined = (await pay.outboxEvents('payment.declined')).filter((e) => e.data.orderId === orderId);
  return { authorized, declined };
}

describe('company snapshots', () => {
  it('applies a newer snapshot and ignores an older one that arrives late', async () => {
    const company = companySnapshot({ version: 2, creditLimit: { amount: '500.00', currency: 'EUR' } });
    await pay.deliver('company.updated', company);
    expect((await creditOf(company.companyId)).json()).toEqual({
      companyId: company.companyId,
      status: 'active',
      paymentTerms: 'net30',
      creditLimit: { amount: '500.00', currency: 'EUR' },
      creditUsed: { amount: '0.00', currency: 'EUR' },
      available: { amount: '500.00', currency: 'EUR' },
    });
    // Older (version 1) after newer: no change.
    await pay.deliver('company.updated', {
      ...company,
      version: 1,
      creditLimit: { amount: '9.00', currency: 'EUR' },
    });
    expect((await creditOf(company.companyId)).json().creditLimit).toEqual({
      amount: '500.00',
      currency: 'EUR',
    });
    // Newer (version 3): applied.
    await pay.deliver('company.updated', { ...company, version: 3, paymentTerms: 'net60' });
    const body = (await creditOf(company.companyId)).json();
    expect(body.paymentTerms).toBe('net60');
    expect(body.creditLimit).toEqual({ amount: '500.00', currency: 'EUR' });
  });

  it('the first two snapshots of a new company handled at once: neither fails, the newer one stays', async () => {
    for (let i = 0; i < 10; i++) {
      const v1 = companySnapshot({
        paymentTerms: 'prepaid',
        creditLimit: { amount: '0.00', currency: 'EUR' },
      });
      const v2 = {
        ...v1,
        version: 2,
        paymentTerms: 'net30' as const,
        creditLimit: { amount: '700.00', currency: 'EUR' },
      };
      const results = await Promise.allSettled([
        pay.deliver('company.updated', v1),
        pay.deliver('company.updated', v2),
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
      expect((await creditOf(v1.companyId)).json()).toMatchObject({
        paymentTerms: 'net30',
        creditLimit: { amount: '700.00', currency: 'EUR' },
      });
    }
  });

  it('answers 404 for a company without a snapshot and 401 without a token', async () => {
    expect((await creditOf('no-such-company')).statusCode).toBe(404);
    expect((await pay.call('GET', '/companies/me/credit')).statusCode).toBe(401);
  });
});

describe('the internal credit lookup (the user service shows creditUsed from it)', () => {
  it('answers the ledgers of the companies asked for, only to platform services', async () => {
    const a = companySnapshot({ creditLimit: { amount: '800.00', currency: 'EUR' } });
    await pay.deliver('company.updated', a);
    await pay.deliver('order.placed', orderPlaced(a.companyId, '120.00'));
    const url = `/internal/credit?companyIds=${a.companyId},never-seen`;
    const withCredential = { headers: { 'x-service-credential': pay.serviceCredential } };
    const res = await pay.call('GET', url, withCredential);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        {
          companyId: a.companyId,
          status: 'active',
          paymentTerms: 'net30',
          creditLimit: { amount: '800.00', currency: 'EUR' },
          creditUsed: { amount: '120.00', currency: 'EUR' },
          available: { amount: '680.00', currency: 'EUR' },
        },
      ],
    });
    expect((await pay.call('GET', url)).statusCode).toBe(401);
    expect((await pay.call('GET', url, { headers: { 'x-service-credential': 'wrong' } })).statusCode).toBe(
      401,
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => `c${i}`).join(',');
    const bad = await pay.call('GET', `/internal/credit?companyIds=${tooMany}`, withCredential);
    expect(bad.statusCode).toBe(400);
    expect((await pay.call('GET', '/internal/credit?companyIds=a$b', withCredential)).statusCode).toBe(400);
  });
});

describe('invoice authorization', () => {
  it('authorizes within the limit and replies payment.authorized with the order correlation', async () => {
    const company = companySnapshot();
    await pay.deliver('company.updated', company);
    const placed = orderPlaced(company.companyId, '300.00');
    const event = await pay.deliver('order.placed', placed);
    const { authorized, declined } = await repliesFor(placed.orderId);
    expect(declined).toEqual([]);
    expect(authorized).toHaveLength(1);
    expect(authorized[0]?.data).toEqual({
      paymentId: expect.any(String),
      orderId: placed.orderId,
      amount: { amount: '300.00', currency: 'EUR' },
    });
    expect(authorized[0]?.correlationId).toBe(event.correlationId);
    expect((await creditOf(company.companyId)).json().creditUsed).toEqual({
      amount: '300.00',
      currency: 'EUR',
    });
  });

  it('20 concurrent authorizations of 100 against 1,000 → exactly 10 authorized, creditUsed exactly 1,000', async () => {
    const company = companySnapshot({ creditLimit: { amount: '1000.00', currency: 'EUR' } });
    await pay.deliver('company.updated', company);
    const orders = Array.from({ length: 20 }, () => orderPlaced(company.companyId, '100.00'));
    await Promise.all(orders.map((o) => pay.deliver('order.placed', o)));
    const ids = new Set(orders.map((o) => o.orderId));
    const authorized = (await pay.outboxEvents('payment.authorized')).filter((e) =>
      ids.has(e.data.orderId as string),
    );
    const declined = (await pay.outboxEvents('payment.declined')).filter((e) =>
      ids.has(e.data.orderId as string),
    );
    expect(authorized).toHaveLength(10);
    expect(declined).toHaveLength(10);
    expect(new Set(declined.map((e) => e.data.reason))).toEqual(new Set(['insufficient_credit']));
    expect((await creditOf(company.companyId)).json()).toMatchObject({
      creditUsed: { amount: '1000.00', currency: 'EUR' },
      available: { amount: '0.00', currency: 'EUR' },
    });
  });

  it('declines prepaid companies, companies on hold and unknown companies, each with its reason', async () => {
    const net30 = companySnapshot();
    const prepaid = companySnapshot({ paymentTerms: 'prepaid' });
    const onHold = companySnapshot({ status: 'on_hold' });
    for (const c of [net30, prepaid, onHold]) await pay.deliver('company.updated', c);
    const cases = [
      { companyId: net30.companyId, expected: null },
      { companyId: prepaid.companyId, expected: 'prepaid_terms' },
      { companyId: onHold.companyId, expected: 'company_on_hold' },
      { companyId: 'never-seen-company', expected: 'credit_unknown' },
    ];
    for (const c of cases) {
      const placed = orderPlaced(c.companyId, '10.00');
      await pay.deliver('order.placed', placed);
      const { authorized, declined } = await repliesFor(placed.orderId);
      if (c.expected === null) {
        expect(authorized).toHaveLength(1); // the positive control
        expect(declined).toEqual([]);
      } else {
        expect(authorized).toEqual([]);
        expect(declined.map((e) => e.data.reason)).toEqual([c.expected]);
      }
    }
    // Nothing was taken from the declined companies.
    expect((await creditOf(prepaid.companyId)).json().creditUsed.amount).toBe('0.00');
  });

  it('a duplicate order.placed creates one payment and one reply', async () => {
    const company = companySnapshot();
    await pay.deliver('company.updated', company);
    const placed = orderPlaced(company.companyId, '250.00');
    const event = await pay.deliver('order.placed', placed);
    await pay.redeliver(event);
    // The same order in a new envelope (the producer's outbox relayed twice): still one payment.
    await pay.deliver('order.placed', placed);
    const { authorized } = await repliesFor(placed.orderId);
    expect(authorized).toHaveLength(1);
    expect(await pay.mongo.db.collection('payments').countDocuments({ orderId: placed.orderId })).toBe(1);
    expect((await creditOf(company.companyId)).json().creditUsed.amount).toBe('250.00');
  });
});

describe('voids give the credit back', () => {
  it('order.cancelled before capture voids the authorization and releases the credit once', async () => {
    const company = companySnapshot();
    await pay.deliver('company.updated', company);
    const placed = orderPlaced(company.companyId, '400.00');
    await pay.deliver('order.placed', placed);
    expect((await creditOf(company.companyId)).json().creditUsed.amount).toBe('400.00');
    const cancelled = await pay.deliver('order.cancelled', { ...orderRef(placed), reason: 'out_of_stock' });
    expect((await creditOf(company.companyId)).json().creditUsed.amount).toBe('0.00');
    await pay.redeliver(cancelled);
    await pay.deliver('order.rejected', { ...orderRef(placed) });
    expect((await creditOf(company.companyId)).json().creditUsed.amount).toBe('0.00');
    const payment = await pay.mongo.db.collection('payments').findOne({ orderId: placed.orderId });
    expect(payment?.status).toBe('voided');
  });

  it('order.cancelled arriving before order.placed leaves a tombstone: the later placed does not authorize', async () => {
    const company = companySnapshot();
    await pay.deliver('company.updated', company);
    const placed = orderPlaced(company.companyId, '100.00');
    await pay.deliver('order.cancelled', { ...orderRef(placed), reason: 'cancelled_by_buyer' });
    await pay.deliver('order.placed', placed);
    expect(await repliesFor(placed.orderId)).toEqual({ authorized: [], declined: [] });
    expect((await creditOf(company.companyId)).json().creditUsed.amount).toBe('0.00');
    // Positive control: another order of the same company authorizes.
    const other = orderPlaced(company.companyId, '100.00');
    await pay.deliver('order.placed', other);
    expect((await repliesFor(other.orderId)).authorized).toHaveLength(1);
  });
});
