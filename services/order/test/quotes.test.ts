/** Requests for quote (api.md "B2B buying tools"): requested → offered → accepted | declined | expired. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireStaleOffers } from '../src/domain/quote-offers.ts';
import {
  address,
  type Member,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 22503);
  svc.products.put({ sku: 'PUMP-9', name: 'Pump', price: { amount: '800.00', currency: 'EUR' } });
  svc.products.put({ sku: 'HOSE-4', name: 'Hose', price: { amount: '12.5000', currency: 'EUR' } });
  admin = svc.adminToken();
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const checkout = { shippingAddress: address, paymentMethod: 'invoice', poNumber: 'PO-Q1' };
const hourFromNow = () => new Date(Date.now() + 3600_000).toISOString();

async function requestQuote(m: Member, body: unknown = { items: [{ sku: 'PUMP-9', quantity: 10 }] }) {
  const res = await svc.call('POST', '/quotes', { token: m.token, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function offer(quoteId: string, body: Record<string, unknown> = {}) {
  const res = await svc.call('POST', `/admin/quotes/${quoteId}/offer`, {
    token: admin,
    body: {
      items: [{ sku: 'PUMP-9', quantity: 10, unitPrice: eur('650.00') }],
      validUntil: hourFromNow(),
      ...body,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const accept = (m: Member, id: string, headers: Record<string, string> = {}) =>
  svc.call('POST', `/quotes/${id}/accept`, { token: m.token, body: checkout, headers });

describe('quotes', () => {
  it('requested → offered → accepted: the order charges the offered prices even after the list price rose', async () => {
    const buyer = await svc.member();
    const requested = await requestQuote(buyer, {
      items: [
        { sku: 'pump-9', quantity: 10, targetPrice: eur('600.00') },
        { sku: 'HOSE-4', quantity: 40 },
      ],
      note: 'Annual pump order',
    });
    expect(requested).toMatchObject({
      status: 'requested',
      companyId: buyer.companyId,
      userId: buyer.userId,
      items: [
        { sku: 'PUMP-9', name: 'Pump', quantity: 10, targetPrice: eur('600.00') },
        { sku: 'HOSE-4', name: 'Hose', quantity: 40, targetPrice: null },
      ],
      note: 'Annual pump order',
      offer: null,
      messages: [],
      orderId: null,
    });
    expect(requested.number).toMatch(/^RFQ-\d{4}-\d{6}$/);
    const [requestedEvent] = (await svc.outboxEvents('quote.requested')).filter(
      (e) => e.data.quoteId === requested.id,
    );
    expect(requestedEvent?.data).toEqual({
      quoteId: requested.id,
      number: requested.number,
      companyId: buyer.companyId,
      userId: buyer.userId,
      items: [
        { sku: 'PUMP-9', quantity: 10, targetPrice: eur('600.00') },
        { sku: 'HOSE-4', quantity: 40 },
      ],
      note: 'Annual pump order',
    });

    // The supplier's queue shows it; both sides write in the thread.
    const queue = (
      await svc.call('GET', '/admin/quotes?status=requested&limit=100', { token: admin })
    ).json();
    expect(queue.items.map((q: { id: string }) => q.id)).toContain(requested.id);
    await svc.call('POST', `/quotes/${requested.id}/messages`, {
      token: buyer.token,
      body: { text: 'Can you do 600?' },
    });
    const answered = await svc.call('POST', `/quotes/${requested.id}/messages`, {
      token: admin,
      body: { text: 'Let me check' },
    });
    expect(answered.statusCode).toBe(201);
    expect(answered.json().messages.map((m: { side: string; text: string }) => [m.side, m.text])).toEqual([
      ['buyer', 'Can you do 600?'],
      ['supplier', 'Let me check'],
    ]);
    // Each message is an event with its side, so the other side is notified (once per message).
    const messageEvents = (await svc.outboxEvents('quote.message_posted')).filter(
      (e) => e.data.quoteId === requested.id,
    );
    expect(messageEvents.map((e) => [e.data.side, e.data.excerpt])).toEqual([
      ['buyer', 'Can you do 600?'],
      ['supplier', 'Let me check'],
    ]);
    expect(new Set(messageEvents.map((e) => e.data.messageId)).size).toBe(2);

    const offered = await offer(requested.id, {
      items: [
        { sku: 'PUMP-9', quantity: 10, unitPrice: eur('650.00') },
        { sku: 'HOSE-4', quantity: 40, unitPrice: eur('10.1250') },
      ],
      message: '650 is our best',
    });
    expect(offered).toMatchObject({
      status: 'offered',
      offer: {
        items: [
          { sku: 'PUMP-9', quantity: 10, unitPrice: eur('650.00'), lineTotal: eur('6500.00') },
          { sku: 'HOSE-4', quantity: 40, unitPrice: eur('10.125'), lineTotal: eur('405.00') },
        ],
        subtotal: eur('6905.00'),
        message: '650 is our best',
      },
    });
    expect(offered.messages.at(-1)).toMatchObject({ side: 'supplier', text: '650 is our best' });
    const [offeredEvent] = (await svc.outboxEvents('quote.offered')).filter(
      (e) => e.data.quoteId === requested.id,
    );
    expect(offeredEvent?.data).toMatchObject({
      items: [
        { sku: 'PUMP-9', quantity: 10, unitPrice: eur('650.00') },
        { sku: 'HOSE-4', quantity: 40, unitPrice: eur('10.125') },
      ],
      total: eur('6905.00'),
      validUntil: offered.offer.validUntil,
    });

    svc.products.put({ sku: 'PUMP-9', name: 'Pump', price: { amount: '900.00', currency: 'EUR' } });
    const accepted = await accept(buyer, requested.id);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', orderId: expect.any(String) });
    const order = (
      await svc.call('GET', `/orders/${accepted.json().orderId}`, { token: buyer.token })
    ).json();
    expect(order).toMatchObject({
      status: 'pending',
      quoteId: requested.id,
      orderNumber: accepted.json().orderNumber,
      poNumber: 'PO-Q1',
      items: [
        { sku: 'PUMP-9', quantity: 10, unitPrice: eur('650.00'), lineTotal: eur('6500.00') },
        { sku: 'HOSE-4', quantity: 40, unitPrice: eur('10.125'), lineTotal: eur('405.00') },
      ],
      subtotal: eur('6905.00'),
      shipping: eur('0.00'),
      tax: eur('1311.95'),
      total: eur('8216.95'),
    });
    const [placed] = (await svc.outboxEvents('order.placed')).filter((e) => e.data.orderId === order.id);
    expect(placed?.data).toMatchObject({
      items: [
        { sku: 'PUMP-9', quantity: 10, unitPrice: eur('650.00') },
        { sku: 'HOSE-4', quantity: 40, unitPrice: eur('10.125') },
      ],
      total: eur('8216.95'),
    });
    const [acceptedEvent] = (await svc.outboxEvents('quote.accepted')).filter(
      (e) => e.data.quoteId === requested.id,
    );
    expect(acceptedEvent?.data).toEqual({
      quoteId: requested.id,
      number: requested.number,
      companyId: buyer.companyId,
      userId: buyer.userId,
      total: eur('8216.95'),
      acceptedBy: buyer.userId,
      orderId: order.id,
      orderNumber: order.orderNumber,
    });
    // Accepted is final: no second order, no new offer, the thread is closed.
    expect((await accept(buyer, requested.id)).statusCode).toBe(409);
    expect(
      (
        await svc.call('POST', `/admin/quotes/${requested.id}/offer`, {
          token: admin,
          body: {
            items: [{ sku: 'PUMP-9', quantity: 1, unitPrice: eur('1.00') }],
            validUntil: hourFromNow(),
          },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await svc.call('POST', `/quotes/${requested.id}/messages`, {
          token: buyer.token,
          body: { text: 'thanks' },
        })
      ).statusCode,
    ).toBe(409);
    svc.products.put({ sku: 'PUMP-9', name: 'Pump', price: { amount: '800.00', currency: 'EUR' } });
  });

  it('a quote of the whole cart copies its lines; an empty cart is a 400', async () => {
    const buyer = await svc.member();
    const empty = await svc.call('POST', '/quotes', { token: buyer.token, body: { fromCart: true } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('EMPTY_CART');
    await svc.call('POST', '/cart/items', { token: buyer.token, body: { sku: 'HOSE-4', quantity: 25 } });
    const quote = await requestQuote(buyer, { fromCart: true, note: 'the cart' });
    expect(quote.items).toEqual([{ sku: 'HOSE-4', name: 'Hose', quantity: 25, targetPrice: null }]);
    // The cart stays as it was.
    expect((await svc.call('GET', '/cart', { token: buyer.token })).json().items).toHaveLength(1);
  });

  it('refuses unknown skus, other currencies, floats, both sources and unknown fields (400 problem+json)', async () => {
    const buyer = await svc.member();
    const cases: [unknown, string?][] = [
      [{ items: [{ sku: 'NOPE-0', quantity: 1 }] }, 'QUOTE_LINES'],
      [
        { items: [{ sku: 'PUMP-9', quantity: 1, targetPrice: { amount: '1.00', currency: 'USD' } }] },
        'CURRENCY_MISMATCH',
      ],
      [
        {
          items: [
            { sku: 'PUMP-9', quantity: 1 },
            { sku: 'pump-9', quantity: 2 },
          ],
        },
        'QUOTE_LINES',
      ],
      [{ items: [{ sku: 'PUMP-9', quantity: 1, targetPrice: { amount: 600, currency: 'EUR' } }] }],
      [{ items: [] }],
      [{ items: [{ sku: 'PUMP-9', quantity: 1 }], fromCart: true }],
      [{ items: [{ sku: 'PUMP-9', quantity: 1 }], discount: '10%' }],
    ];
    for (const [body, code] of cases) {
      const res = await svc.call('POST', '/quotes', { token: buyer.token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (code) expect(res.json().code).toBe(code);
    }
    const quote = await requestQuote(buyer);
    const badOffers = [
      {
        items: [{ sku: 'PUMP-9', quantity: 1, unitPrice: eur('1.00') }],
        validUntil: new Date(Date.now() - 1000).toISOString(),
      },
      {
        items: [{ sku: 'PUMP-9', quantity: 1, unitPrice: { amount: '1.00', currency: 'USD' } }],
        validUntil: hourFromNow(),
      },
      { items: [{ sku: 'PUMP-9', quantity: 1, unitPrice: eur('0.00') }], validUntil: hourFromNow() },
      {
        items: [{ sku: 'PUMP-9', quantity: 1, unitPrice: { amount: 1, currency: 'EUR' } }],
        validUntil: hourFromNow(),
      },
      { items: [{ sku: 'NOPE-0', quantity: 1, unitPrice: eur('1.00') }], validUntil: hourFromNow() },
      { items: [{ sku: 'PUMP-9', quantity: 1, unitPrice: eur('1.00') }], validUntil: 'tomorrow' },
    ];
    for (const body of badOffers) {
      const res = await svc.call('POST', `/admin/quotes/${quote.id}/offer`, { token: admin, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await svc.call('GET', `/quotes/${quote.id}`, { token: buyer.token })).json().status).toBe(
      'requested',
    );
  });

  it("another company's quote and a colleague buyer's are 404; an approver reads but cannot accept; a company admin can", async () => {
    const buyer = await svc.member();
    const colleague = await svc.member({ companyId: buyer.companyId, role: 'buyer' });
    const approver = await svc.member({ companyId: buyer.companyId, role: 'approver' });
    const companyAdmin = await svc.member({ companyId: buyer.companyId, role: 'company_admin' });
    const stranger = await svc.member({ role: 'company_admin' });
    const quote = await requestQuote(buyer);
    await offer(quote.id);
    for (const m of [colleague, stranger]) {
      expect((await svc.call('GET', `/quotes/${quote.id}`, { token: m.token })).statusCode).toBe(404);
      expect((await accept(m, quote.id)).statusCode).toBe(404);
      expect(
        (await svc.call('POST', `/quotes/${quote.id}/decline`, { token: m.token, body: {} })).statusCode,
      ).toBe(404);
      expect(
        (await svc.call('POST', `/quotes/${quote.id}/messages`, { token: m.token, body: { text: 'hi' } }))
          .statusCode,
      ).toBe(404);
      expect((await svc.call('GET', '/quotes', { token: m.token })).json().items).toEqual([]);
    }
    expect((await svc.call('GET', `/quotes/${quote.id}`, { token: approver.token })).statusCode).toBe(200);
    const byApprover = await accept(approver, quote.id);
    expect(byApprover.statusCode).toBe(403);
    expect(byApprover.json().code).toBe('NOT_QUOTE_REQUESTER');
    // Members never reach the supplier's routes.
    expect((await svc.call('GET', '/admin/quotes', { token: companyAdmin.token })).statusCode).toBe(403);
    expect((await svc.call('GET', `/admin/quotes/${quote.id}`, { token: buyer.token })).statusCode).toBe(403);
    const byAdmin = await accept(companyAdmin, quote.id);
    expect(byAdmin.statusCode).toBe(200);
    const order = (
      await svc.call('GET', `/orders/${byAdmin.json().orderId}`, { token: companyAdmin.token })
    ).json();
    expect(order.userId).toBe(companyAdmin.userId);
  });

  it('the requester declines: quote.declined, and nothing can be accepted afterwards', async () => {
    const buyer = await svc.member();
    const quote = await requestQuote(buyer);
    await offer(quote.id);
    const declined = await svc.call('POST', `/quotes/${quote.id}/decline`, {
      token: buyer.token,
      body: { reason: 'Too expensive' },
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: 'Too expensive' });
    const events = (await svc.outboxEvents('quote.declined')).filter((e) => e.data.quoteId === quote.id);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ declinedBy: buyer.userId, reason: 'Too expensive' }),
    ]);
    const late = await accept(buyer, quote.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('INVALID_QUOTE_STATE');
    expect(
      (await svc.call('POST', `/quotes/${quote.id}/decline`, { token: buyer.token, body: {} })).statusCode,
    ).toBe(409);
  });

  it('two acceptances at once make exactly one order; the same Idempotency-Key replays it', async () => {
    const buyer = await svc.member();
    const companyAdmin = await svc.member({ companyId: buyer.companyId, role: 'company_admin' });
    const quote = await requestQuote(buyer);
    await offer(quote.id);
    const answers = await Promise.all([
      accept(buyer, quote.id),
      accept(companyAdmin, quote.id),
      accept(buyer, quote.id),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    const orders = await svc.mongo.db.collection('orders').find({ quoteId: quote.id }).toArray();
    expect(orders).toHaveLength(1);
    expect(
      (await svc.outboxEvents('quote.accepted')).filter((e) => e.data.quoteId === quote.id),
    ).toHaveLength(1);

    const again = await requestQuote(buyer);
    await offer(again.id);
    const headers = { 'idempotency-key': `accept-${again.id}` };
    const first = await accept(buyer, again.id, headers);
    const replay = await accept(buyer, again.id, headers);
    expect(first.statusCode).toBe(200);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().orderId).toBe(first.json().orderId);
  });

  it("accepting goes through the company's approval rules: the order waits, the quote is accepted", async () => {
    const companyAdmin = await svc.member({ role: 'company_admin' });
    const buyer = await svc.member({ companyId: companyAdmin.companyId, role: 'buyer' });
    await svc.call('PUT', '/approval-rules', {
      token: companyAdmin.token,
      body: { rules: [{ minTotal: eur('1000.00'), approverRole: 'company_admin' }] },
    });
    const quote = await requestQuote(buyer);
    await offer(quote.id);
    const accepted = await accept(buyer, quote.id);
    expect(accepted.json().status).toBe('accepted');
    const order = (
      await svc.call('GET', `/orders/${accepted.json().orderId}`, { token: buyer.token })
    ).json();
    expect(order).toMatchObject({
      status: 'awaiting_approval',
      approvalLevels: [{ roles: ['company_admin'] }],
    });
  });

  // Moves the service's clock: keep these last.
  it('an offer past validUntil cannot be accepted (409) and is expired once; the job expires the others', async () => {
    const buyer = await svc.member();
    const first = await requestQuote(buyer);
    const second = await requestQuote(buyer);
    const stillValid = await requestQuote(buyer);
    await offer(first.id);
    await offer(second.id);
    await offer(stillValid.id, { validUntil: new Date(Date.now() + 3 * 3600_000).toISOString() });
    svc.advance(2 * 3600_000);

    const late = await accept(buyer, first.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('QUOTE_EXPIRED');
    expect((await svc.call('GET', `/quotes/${first.id}`, { token: buyer.token })).json().status).toBe(
      'expired',
    );
    expect(await svc.mongo.db.collection('orders').countDocuments({ quoteId: first.id })).toBe(0);
    expect((await accept(buyer, first.id)).json().code).toBe('QUOTE_EXPIRED');

    // The job: the second offer expires, the one still valid does not, a second sweep does nothing.
    expect(await expireStaleOffers(svc.ctx)).toBeGreaterThanOrEqual(1);
    expect(await expireStaleOffers(svc.ctx)).toBe(0);
    expect((await svc.call('GET', `/quotes/${second.id}`, { token: buyer.token })).json().status).toBe(
      'expired',
    );
    expect((await svc.call('GET', `/quotes/${stillValid.id}`, { token: buyer.token })).json().status).toBe(
      'offered',
    );
    const expiredEvents = (await svc.outboxEvents('quote.expired')).filter((e) =>
      [first.id, second.id, stillValid.id].includes(e.data.quoteId as string),
    );
    expect(expiredEvents.map((e) => e.data.quoteId).sort()).toEqual([first.id, second.id].sort());
    // The offer still valid is accepted normally (positive control).
    expect((await accept(buyer, stillValid.id)).statusCode).toBe(200);
  });
});
