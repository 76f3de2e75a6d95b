/**
 * The saga under pressure, over the real services behind the gateway (see support/commerce.ts):
 * a payment process that dies with an order in flight loses nothing, 20 concurrent invoice
 * checkouts of one company never overspend its credit, and 10 buyers racing for 5 units get
 * exactly 5 confirmed orders.
 */
import { queueName } from '@b2b/shared/catalogue';
import { add, fromJson, multiply, toJson } from '@b2b/shared/money';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Commerce,
  eur,
  type Json,
  type Person,
  shippingAddress,
  startCommerce,
  tag,
} from './support/commerce.ts';

let shop: Commerce;
let companyAdmin: Person;
/** 20 buyers of one company, no spending limit. */
let buyers: Person[];

beforeAll(async () => {
  shop = await startCommerce();
  companyAdmin = await shop.registerCompany();
  // Four at a time: each invitation hashes a password twice (set, login), and 20 at once on a
  // busy machine outlast the gateway's 5 s upstream timeout. The races below are what is concurrent.
  buyers = [];
  for (let i = 0; i < 20; i += 4) {
    buyers.push(
      ...(await Promise.all(Array.from({ length: 4 }, () => shop.addMember(companyAdmin, 'buyer')))),
    );
  }
}, 400_000);
afterAll(async () => {
  await shop?.stop();
}, 60_000);

const checkoutNow = (buyer: Person, body: Record<string, unknown>) =>
  shop.api('POST', '/orders', {
    token: buyer.token,
    headers: { 'idempotency-key': `race-${tag()}` },
    body: { shippingAddress, ...body },
  });

/** Waits until every order left `pending`; the final orders. */
const settled = (ids: { buyer: Person; id: string }[]) =>
  Promise.all(
    ids.map(({ buyer, id }) =>
      pollUntil(
        async () => {
          const res = await shop.api('GET', `/orders/${id}`, { token: buyer.token });
          return res.body && res.body.status !== 'pending' && (res.body as Json);
        },
        { timeoutMs: 30_000, intervalMs: 100, message: `order ${id} settled` },
      ),
    ),
  );

describe('a consumer that dies mid-step', () => {
  it('an order.placed claimed by a payment process that was killed comes back from the bus and confirms', async () => {
    await shop.setCredit(companyAdmin, { paymentTerms: 'net30', creditLimit: '5000.00' });
    const sku = await shop.createProduct('10.00', 100);
    await shop.platform.kill('payment', 'SIGKILL');
    const placed = await shop.checkout(buyers[0]!, sku);
    const placedEvent = await shop.published('order', 'order.placed', placed.id);
    // The product step runs; the payment step cannot: the order waits in pending.
    await pollUntil(async () => (await shop.inventory(sku)).reserved === 1, { message: 'stock reserved' });
    // What a crash in the middle of the handler leaves on the bus: the message claimed by the
    // dead process, invisible until its visibility timeout runs out.
    const queue = shop.platform.db('eventbus').collection(queueName('payment'));
    const claimed = await queue.updateOne(
      { _id: placedEvent.id as never },
      {
        $set: { visibleAt: new Date(Date.now() + 600_000), claimToken: 'the-dead-process' },
        $inc: { receiveCount: 1 },
      },
    );
    expect(claimed.matchedCount).toBe(1);

    await shop.platform.restart('payment');
    // The new process works (a company snapshot arrives and is applied) ...
    await shop.setCredit(companyAdmin, { paymentTerms: 'net30', creditLimit: '6000.00' });
    // ... but the claimed message stays invisible: the order is still pending, nothing authorized.
    expect((await shop.api('GET', `/orders/${placed.id}`, { token: buyers[0]!.token })).body.status).toBe(
      'pending',
    );
    expect(await queue.countDocuments({ _id: placedEvent.id as never })).toBe(1);
    // The visibility timeout runs out (brought forward instead of waited for): the bus hands it out again.
    await queue.updateOne({ _id: placedEvent.id as never }, { $set: { visibleAt: new Date() } });
    const confirmed = await shop.waitForStatus(buyers[0]!, placed.id, 'confirmed');
    expect(confirmed.paymentStatus).toBe('authorized');
    const payments = (await shop.api('GET', `/payments?orderId=${placed.id}`, { token: companyAdmin.token }))
      .body;
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0].transactions.map((t: Json) => t.type)).toEqual(['authorization']);
    // Give the credit back for the race below (cancel → void).
    expect(
      (await shop.api('POST', `/orders/${placed.id}/cancel`, { token: buyers[0]!.token, body: {} })).status,
    ).toBe(200);
    await shop.waitForPayment(companyAdmin, placed.id, 'voided');
  });
});

describe('races', () => {
  it('20 concurrent invoice checkouts against a credit limit for 7: exactly 7 authorized, creditUsed ≤ limit', async () => {
    const sku = await shop.createProduct('100.00', 1000);
    await Promise.all(
      buyers.map(async (buyer) => {
        const res = await shop.api('POST', '/cart/items', { token: buyer.token, body: { sku, quantity: 1 } });
        expect(res.status).toBe(201);
      }),
    );
    const total = fromJson((await shop.api('GET', '/cart', { token: buyers[0]!.token })).body.total);
    // Room for 7 orders and a half.
    const limit = add(multiply(total, 7), fromJson(eur('50.00')));
    await shop.setCredit(companyAdmin, { paymentTerms: 'net30', creditLimit: toJson(limit).amount });
    expect(
      (await shop.api('GET', '/companies/me/credit', { token: companyAdmin.token })).body.creditUsed,
    ).toEqual(eur('0.00'));

    const placed = await Promise.all(buyers.map((buyer) => checkoutNow(buyer, { paymentMethod: 'invoice' })));
    expect(placed.map((r) => r.status)).toEqual(Array(20).fill(201));
    const final = await settled(placed.map((r, i) => ({ buyer: buyers[i]!, id: r.body.id })));
    const confirmed = final.filter((o) => o.status === 'confirmed');
    const cancelled = final.filter((o) => o.status === 'cancelled');
    expect(confirmed).toHaveLength(7);
    expect(cancelled).toHaveLength(13);
    for (const o of cancelled) expect(o.cancellationReason).toBe('payment_declined');
    const credit = (await shop.api('GET', '/companies/me/credit', { token: companyAdmin.token })).body;
    expect(credit.creditUsed).toEqual(toJson(multiply(total, 7)));
    expect(credit.creditLimit).toEqual(toJson(limit));
    const declined = await Promise.all(
      cancelled.map((o) => shop.waitForPayment(companyAdmin, o.id, 'declined')),
    );
    for (const p of declined) expect(p.declineReason).toBe('insufficient_credit');
    // The 13 cancelled orders gave their stock back.
    await pollUntil(async () => (await shop.inventory(sku)).reserved === 7, {
      timeoutMs: 15_000,
      message: 'reservations of the declined orders released',
    });
  });

  it('10 buyers checking out at once for the last 5 units: exactly 5 confirmed, 5 cancelled out_of_stock', async () => {
    const sku = await shop.createProduct('30.00', 5);
    const racers = buyers.slice(0, 10);
    await Promise.all(
      racers.map(async (buyer) => {
        const res = await shop.api('POST', '/cart/items', { token: buyer.token, body: { sku, quantity: 1 } });
        expect(res.status).toBe(201);
      }),
    );
    const placed = await Promise.all(
      racers.map((b) => checkoutNow(b, { paymentMethod: 'card', cardToken: 'tok_visa' })),
    );
    expect(placed.map((r) => r.status)).toEqual(Array(10).fill(201));
    const final = await settled(placed.map((r, i) => ({ buyer: racers[i]!, id: r.body.id })));
    const confirmed = final.filter((o) => o.status === 'confirmed');
    const cancelled = final.filter((o) => o.status === 'cancelled');
    expect(confirmed).toHaveLength(5);
    expect(cancelled).toHaveLength(5);
    for (const o of cancelled) expect(o.cancellationReason).toBe('out_of_stock');
    expect(await shop.inventory(sku)).toEqual({ onHand: 5, reserved: 5, available: 0 });
    // The losers' card authorizations are voided, the winners' kept.
    for (const o of cancelled) await shop.waitForPayment(companyAdmin, o.id, 'voided');
    for (const o of confirmed)
      expect((await shop.waitForPayment(companyAdmin, o.id)).status).toBe('authorized');
  });
});
