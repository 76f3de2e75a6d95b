import { createEvent, parseEnvelope } from '@b2b/shared/events';
import { describe, expect, it } from 'vitest';
import { productSnapshot } from './events-support/payloads.ts';

describe('event envelope', () => {
  it('has the fields of events.md, typed by the catalogue', () => {
    const event = createEvent(
      'user.registered',
      { userId: 'u1', email: 'a@example.com', name: 'Ada', companyId: 'c1', companyName: 'ACME' },
      { source: 'user' },
    );
    expect(event).toMatchObject({
      type: 'user.registered',
      version: 1,
      source: 'user',
      data: { userId: 'u1' },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.correlationId).toBe(event.id);
    expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
    // @ts-expect-error a misspelt event type fails the typecheck (and throws at run time)
    expect(() => createEvent('user.registerd', {}, { source: 'user' })).toThrow(/unknown event type/);
  });

  it('keeps the correlation id of the flow it belongs to', () => {
    const event = createEvent(
      'payment.declined',
      { paymentId: 'p1', orderId: 'o1', reason: 'card declined' },
      { source: 'payment', correlationId: 'checkout-1' },
    );
    expect(event.correlationId).toBe('checkout-1');
  });

  it('refuses to publish another service’s event', () => {
    expect(() =>
      createEvent(
        'order.delivered',
        { orderId: 'o', orderNumber: 'n', companyId: 'c', userId: 'u' },
        { source: 'user' },
      ),
    ).toThrow(/produced by order/);
  });

  it('parses wire bodies and says what is wrong with bad ones', () => {
    const event = createEvent('product.created', productSnapshot(), { source: 'product' });
    expect(parseEnvelope(JSON.stringify(event))).toEqual({ ok: true, event });
    expect(parseEnvelope('not json')).toEqual({ ok: false, reason: 'body is not JSON' });
    expect(parseEnvelope('[]')).toMatchObject({ ok: false });
    expect(parseEnvelope(JSON.stringify({ ...event, id: undefined }))).toEqual({
      ok: false,
      reason: 'missing id',
    });
  });

  it('refuses a wire event whose source is not the producer of its type', () => {
    const event = createEvent(
      'order.placed',
      {
        orderId: 'o1',
        orderNumber: 'n1',
        companyId: 'c1',
        userId: 'u1',
        total: { amount: '10.00', currency: 'EUR' },
        paymentMethod: 'invoice',
        items: [],
      } as never,
      { source: 'order' },
    );
    expect(parseEnvelope(JSON.stringify({ ...event, source: 'user' }))).toEqual({
      ok: false,
      reason: 'order.placed is produced by order, not user',
    });
    // An unknown type stays parseable: the dispatcher ignores it, as a newer producer may send it.
    const future = { ...event, type: 'order.teleported', source: 'order' };
    expect(parseEnvelope(JSON.stringify(future))).toMatchObject({ ok: true });
  });
});
