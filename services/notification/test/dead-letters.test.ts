/**
 * GET /admin/dead-letters and POST /admin/dead-letters/{consumer}/redrive over the real docstore
 * bus and the service's real handlers: a refund for an order the service has not heard of fails
 * every delivery ("not known yet"), is dead-lettered after MAX_RECEIVES with that reason, and once
 * the order is known a redrive delivers it, exactly once.
 */
import { MAX_RECEIVES } from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit/poll';
import { describe, expect } from 'vitest';
import type { NotificationTestApp } from './support/notification-app.ts';
import { it } from './support/notification-test.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
let n = 0;

const notificationLetters = async (svc: NotificationTestApp, token: string) => {
  const res = await svc.call('GET', '/admin/dead-letters?consumer=notification&limit=100', { token });
  expect(res.statusCode).toBe(200);
  return res.json().consumers[0] as { consumer: string; total: number; items: { id: string }[] };
};
const mailTo = (svc: NotificationTestApp, to: string) =>
  svc.mongo.db.collection('mailbox').find({ to }).toArray();

function orderOf(svc: NotificationTestApp) {
  const buyer = svc.person();
  n++;
  return {
    buyer,
    ref: {
      orderId: `o-dl-${n}`,
      orderNumber: `ORD-DL${n}`,
      companyId: buyer.companyId!,
      userId: buyer.userId,
    },
  };
}

describe('dead letters', () => {
  it('lists a letter that failed past the redelivery limit with its reason; redrive processes it once', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    // Short visibility so the five attempts take a second; one at a time so a slow attempt on a
    // loaded machine is not claimed twice at once.
    const consumer = svc.bus.consume('notification', svc.handlers, {
      visibilityTimeoutMs: 150,
      concurrency: 1,
    });
    try {
      const { buyer, ref } = orderOf(svc);
      const refund = svc.event('payment.refunded', {
        paymentId: `p-dl-${n}`,
        orderId: ref.orderId,
        amount: eur('12.5'),
      });
      const healthy = orderOf(svc);
      const confirmed = svc.event('order.confirmed', { ...healthy.ref, total: eur('40.00') });
      await svc.bus.publish(refund);
      await svc.bus.publish(confirmed);

      const listed = await pollUntil(
        async () => {
          const page = await notificationLetters(svc, admin);
          return page.items.find((l) => l.id === refund.id) ? page : undefined;
        },
        { timeoutMs: 20_000, message: 'the refund dead-lettered' },
      );
      expect(listed).toMatchObject({ consumer: 'notification', page: 1, limit: 100 });
      expect(listed.items.find((l) => l.id === refund.id)).toEqual({
        id: refund.id,
        type: 'payment.refunded',
        attempts: MAX_RECEIVES,
        reason: `Error: order ${ref.orderId} not known yet; retrying later`,
        deadLetteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      // Positive control: the healthy event was handled and is never a dead letter.
      await pollUntil(async () => (await mailTo(svc, healthy.buyer.email)).length === 1, {
        message: 'the healthy order confirmation mailed',
      });
      expect(listed.items.map((l) => l.id)).not.toContain(confirmed.id);
      expect(await mailTo(svc, buyer.email)).toEqual([]);

      // The order becomes known (its own event arrives late); the handler is healthy now.
      await svc.deliver(svc.event('order.confirmed', { ...ref, total: eur('12.50') }));
      const redrive = await svc.call('POST', '/admin/dead-letters/notification/redrive', {
        token: admin,
        body: { eventIds: [refund.id] },
      });
      expect(redrive.statusCode).toBe(200);
      expect(redrive.json()).toEqual({ consumer: 'notification', moved: 1 });

      const refundMails = async () =>
        (await mailTo(svc, buyer.email)).filter((m) => m.subject === `Refund for order ${ref.orderNumber}`);
      await pollUntil(async () => (await refundMails()).length === 1, {
        message: 'the redriven refund mailed',
      });
      await pollUntil(
        async () => (await notificationLetters(svc, admin)).items.every((l) => l.id !== refund.id),
        { message: 'the letter gone from the list' },
      );
      // Redriving it again moves nothing (it is no dead letter now), and it was processed once.
      const again = await svc.call('POST', '/admin/dead-letters/notification/redrive', {
        token: admin,
        body: { eventIds: [refund.id] },
      });
      expect(again.json()).toEqual({ consumer: 'notification', moved: 0 });
      await pollUntil(
        async () => (await svc.mongo.db.collection('notification-queue').countDocuments()) === 0,
        {
          message: 'the notification queue drained',
        },
      );
      expect(await refundMails()).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });

  it('answers every catalogue consumer with its count, and redrives all of a consumer at once', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    const all = await svc.call('GET', '/admin/dead-letters?limit=5', { token: admin });
    expect(all.statusCode).toBe(200);
    expect(all.json().bus).toBe('docstore');
    expect(
      all
        .json()
        .consumers.map((c: { consumer: string }) => c.consumer)
        .sort(),
    ).toEqual(['notification', 'order', 'payment', 'product', 'search'].sort());
    const failing = svc.bus.consume(
      'order',
      {
        'inventory.rejected': async () => {
          throw new Error('saga store unavailable');
        },
      },
      { visibilityTimeoutMs: 100, concurrency: 1 },
    );
    const ids: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const event = svc.event('inventory.rejected', {
          orderId: `o-all-${i}`,
          reason: 'out_of_stock',
          skus: ['SKU-1'],
        });
        ids.push(event.id);
        await svc.bus.publish(event);
      }
      await pollUntil(
        async () => {
          const res = await svc.call('GET', '/admin/dead-letters?consumer=order&limit=2&page=2', {
            token: admin,
          });
          return res.json().consumers[0].total === 3 ? res.json().consumers[0] : undefined;
        },
        { timeoutMs: 20_000, message: 'three order dead letters' },
      ).then((page) => {
        // Page 2 of 2-per-page holds the third, oldest first.
        expect(page).toMatchObject({ page: 2, limit: 2 });
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({ id: ids[2], reason: 'Error: saga store unavailable' });
      });
    } finally {
      await failing.stop();
    }
    // The one-consumer list (what the admin table pages through) answers the same window.
    const one = await svc.call('GET', '/admin/dead-letters/order?limit=2&page=1', { token: admin });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ total: 3, page: 1, limit: 2 });
    expect(one.json().items.map((l: { id: string }) => l.id)).toEqual(ids.slice(0, 2));
    const redrive = await svc.call('POST', '/admin/dead-letters/order/redrive', { token: admin, body: {} });
    expect(redrive.json()).toEqual({ consumer: 'order', moved: 3 });
    const after = await svc.call('GET', '/admin/dead-letters?consumer=order', { token: admin });
    expect(after.json().consumers[0]).toMatchObject({ total: 0, items: [] });
    // Back in the queue with a fresh count, for a healthy consumer to take.
    const queue = svc.mongo.db.collection<{ _id: string; receiveCount: number }>('order-queue');
    expect(await queue.countDocuments({ _id: { $in: ids }, receiveCount: 0 })).toBe(3);
    await queue.deleteMany({});
  });

  it('is for platform admins only: anonymous 401, a buyer 403, an admin 200', async ({ svc }) => {
    const buyer = await svc.tokenFor(svc.person({ companyRole: 'company_admin' }));
    const admin = await svc.adminToken();
    for (const [method, url, body] of [
      ['GET', '/admin/dead-letters', undefined],
      ['GET', '/admin/dead-letters/order', undefined],
      ['POST', '/admin/dead-letters/notification/redrive', {}],
    ] as const) {
      const anonymous = await svc.call(method, url, { body });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      const forbidden = await svc.call(method, url, { token: buyer, body });
      expect(forbidden.statusCode, url).toBe(403);
      expect(forbidden.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect((await svc.call(method, url, { token: admin, body })).statusCode, url).toBe(200);
    }
  });

  it('refuses an unknown consumer (404) and bad input (400) as problem+json', async ({ svc }) => {
    const admin = await svc.adminToken();
    const unknownRedrive = await svc.call('POST', '/admin/dead-letters/billing/redrive', {
      token: admin,
      body: {},
    });
    expect(unknownRedrive.statusCode).toBe(404);
    expect(unknownRedrive.json()).toMatchObject({ status: 404, code: 'CONSUMER_NOT_FOUND' });
    const unknownList = await svc.call('GET', '/admin/dead-letters?consumer=billing', { token: admin });
    expect(unknownList.statusCode).toBe(404);
    expect((await svc.call('GET', '/admin/dead-letters/billing', { token: admin })).statusCode).toBe(404);
    // Positive control: the same calls with a catalogue consumer succeed.
    expect((await svc.call('GET', '/admin/dead-letters?consumer=order', { token: admin })).statusCode).toBe(
      200,
    );
    for (const [url, body] of [
      ['/admin/dead-letters?limit=101', undefined],
      ['/admin/dead-letters?page=0', undefined],
      ['/admin/dead-letters/order/redrive', { eventIds: [] }],
      ['/admin/dead-letters/order/redrive', { eventIds: ['a'], extra: true }],
      ['/admin/dead-letters/order/redrive', { eventIds: 'a' }],
    ] as const) {
      const res = await svc.call(body === undefined ? 'GET' : 'POST', url, { token: admin, body });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });
});
