/**
 * An email is never sent twice for one (event, recipient, channel): a repeated delivery, two
 * concurrent deliveries, and a process that died after sending and before marking.
 */
import { describe, expect } from 'vitest';
import { INTERRUPTED_SEND } from '../src/repositories/deliveries.ts';
import { it } from './support/notification-test.ts';

describe('duplicates', () => {
  it('a redelivered event sends nothing again; a different event does', async ({ svc }) => {
    const buyer = svc.person();
    const ref = { orderId: 'o-dup', orderNumber: 'ORD-D', companyId: buyer.companyId!, userId: buyer.userId };
    const shipped = svc.event('order.shipped', { ...ref, carrier: 'UPS', trackingNumber: '1Z' });
    await svc.deliver(shipped);
    await svc.deliver(shipped);
    const mails = () => svc.mongo.db.collection('mailbox').countDocuments({ to: buyer.email });
    expect(await mails()).toBe(1);
    expect(await svc.mongo.db.collection('inbox').countDocuments({ userId: buyer.userId })).toBe(1);
    // Positive control: the same content as a new event is a new message.
    await svc.deliver(svc.event('order.shipped', { ...ref, carrier: 'UPS', trackingNumber: '1Z' }));
    expect(await mails()).toBe(2);
  });

  it('two concurrent deliveries of one event send one email', async ({ svc }) => {
    const buyer = svc.person();
    const event = svc.event('order.delivered', {
      orderId: 'o-conc',
      orderNumber: 'ORD-C',
      companyId: buyer.companyId!,
      userId: buyer.userId,
    });
    const results = await Promise.allSettled([svc.deliver(event), svc.deliver(event), svc.deliver(event)]);
    // A loser is told "in progress" and would be redelivered by the bus later; then it finds it done.
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/in progress/);
    await svc.deliver(event);
    expect(await svc.mongo.db.collection('mailbox').countDocuments({ to: buyer.email })).toBe(1);
  });

  it('a send interrupted before its mark is recorded as failed and not repeated', async ({ svc }) => {
    const buyer = svc.person();
    const event = svc.event('order.confirmed', {
      orderId: 'o-crash',
      orderNumber: 'ORD-X',
      companyId: buyer.companyId!,
      userId: buyer.userId,
      total: { amount: '10.00', currency: 'EUR' },
    });
    // What a crash leaves behind: the message claimed (`sending`), the event's claim never done.
    const emailId = `${event.id}:${buyer.userId}:email`;
    await svc.ctx.repos.deliveries.claim(
      emailId,
      {
        eventId: event.id,
        eventType: event.type,
        template: event.type,
        channel: 'email',
        to: buyer.email,
        userId: buyer.userId,
      },
      new Date(),
    );
    await svc.deliver(event);
    expect(await svc.mongo.db.collection('mailbox').countDocuments({ to: buyer.email })).toBe(0);
    const log = await svc.mongo.db.collection('deliveries').findOne({ _id: emailId as never });
    expect(log).toMatchObject({ status: 'failed', error: INTERRUPTED_SEND });
    // The rest of the event still went out: the in-app notification, which had not been started.
    expect(await svc.mongo.db.collection('inbox').countDocuments({ userId: buyer.userId })).toBe(1);
  });
});
