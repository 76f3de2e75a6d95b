import { parseMoney } from '@b2b/shared/money';
import { describe, expect, it } from 'vitest';
import { accountForEvents, checkInvariants, type OrderState, type Snapshot } from '../src/invariants.ts';

const eur = (amount: string) => parseMoney(amount, 'EUR');

const order = (id: string, status: OrderState['status'], extra: Partial<OrderState> = {}): OrderState => ({
  id,
  status,
  companyId: 'c1',
  paymentMethod: 'invoice',
  total: eur('10.00'),
  items: [{ sku: 'S1', quantity: 2 }],
  poNumber: `po-${id}`,
  history:
    status === 'pending'
      ? ['pending']
      : status === 'shipped'
        ? ['pending', 'confirmed', 'shipped']
        : ['pending', status],
  ...extra,
});

/**
 * A consistent platform: o1 confirmed (invoice, holds 2 of S1, 10.00 of credit), o2 cancelled,
 * o3 shipped (invoice open for 10.00: onHand fell by 2), o4 confirmed by card (holds 2, no credit).
 */
function consistent(): Snapshot {
  const orders = [
    order('o1', 'confirmed'),
    order('o2', 'cancelled'),
    order('o3', 'shipped'),
    order('o4', 'confirmed', { paymentMethod: 'card' }),
  ];
  return {
    acceptedIds: ['o1', 'o2', 'o3', 'o4'],
    orders,
    stock: [{ sku: 'S1', onHand: 98, reserved: 4, held: 4, initialOnHand: 100 }],
    credit: [{ companyId: 'c1', creditUsed: eur('20.00') }],
    invoices: [{ companyId: 'c1', orderId: 'o3', status: 'open', amountDue: eur('10.00') }],
    currency: 'EUR',
    events: {
      outbox: [
        {
          service: 'order',
          eventId: 'e1',
          type: 'order.placed',
          status: 'sent',
          consumers: ['product', 'payment'],
        },
        {
          service: 'order',
          eventId: 'e2',
          type: 'order.confirmed',
          status: 'sent',
          consumers: ['product'],
          orderId: 'o1',
        },
        {
          service: 'order',
          eventId: 'e3',
          type: 'order.cancelled',
          status: 'pending',
          consumers: ['product'],
          orderId: 'o2',
        },
      ],
      handled: new Set(['product:e1', 'product:e2']),
      queued: new Set(['payment:e1']),
      dead: new Set(),
    },
  };
}

describe('invariants after a fault', () => {
  it('pass on a consistent state, counting every order and explaining every event', () => {
    const report = checkInvariants(consistent());
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ accepted: 4, confirmed: 3, cancelled: 1, stuck: 0 });
    expect(report.events).toEqual({
      published: 2,
      pending: 1,
      deliveries: 3,
      handled: 2,
      queued: 1,
      dead: 0,
      lost: 0,
    });
  });

  it('report an accepted order left pending (stuck) and one that is not stored at all', () => {
    const s = consistent();
    const report = checkInvariants({
      ...s,
      acceptedIds: [...s.acceptedIds, 'ghost'],
      orders: [...s.orders, order('o5', 'pending', { items: [] })],
    });
    expect(report.stuck).toBe(1);
    expect(report.violations).toContain('1 accepted order(s) neither confirmed nor cancelled');
    expect(report.violations).toContain('accepted order ghost is not stored');
  });

  it('report a duplicate: two orders of one checkout, an order confirmed twice, two endings on the bus', () => {
    const s = consistent();
    const report = checkInvariants({
      ...s,
      orders: [
        ...s.orders.filter((o) => o.id !== 'o2'),
        order('o2', 'cancelled', { poNumber: 'po-o1', items: [] }),
        order('o6', 'confirmed', {
          history: ['pending', 'confirmed', 'confirmed'],
          items: [],
          total: eur('0'),
        }),
      ],
      events: {
        ...s.events,
        outbox: [
          ...s.events.outbox,
          {
            service: 'order',
            eventId: 'e9',
            type: 'order.cancelled',
            status: 'sent',
            consumers: [],
            orderId: 'o1',
          },
        ],
      },
    });
    expect(report.violations).toEqual(
      expect.arrayContaining([
        'checkout po-o1 made 2 orders',
        'order o6 was confirmed 2 times',
        'order o1 ended 2 times on the bus',
      ]),
    );
  });

  it('report reserved stock that confirmed orders do not hold, and holds that disagree', () => {
    const s = consistent();
    const report = checkInvariants({ ...s, stock: [{ ...s.stock[0]!, reserved: 6, held: 4 }] });
    expect(report.violations).toEqual([
      'S1: reserved 6, confirmed orders hold 4',
      'S1: reserved 6, but its holds add up to 4',
    ]);
  });

  it('report shipped stock that did not leave onHand', () => {
    const s = consistent();
    const report = checkInvariants({ ...s, stock: [{ ...s.stock[0]!, onHand: 100 }] });
    expect(report.violations).toEqual(['S1: onHand 100, expected 100 − 2 shipped']);
  });

  it('report credit used that the open invoices and authorized orders do not explain', () => {
    const s = consistent();
    const leaked = checkInvariants({ ...s, credit: [{ companyId: 'c1', creditUsed: eur('30.00') }] });
    expect(leaked.violations).toEqual([
      'company c1: creditUsed 30.00, open invoices and authorized orders 20.00',
    ]);
    // A paid invoice gave its credit back: counting it would be the inconsistency.
    const paid = checkInvariants({
      ...s,
      invoices: [{ ...s.invoices[0]!, status: 'paid' }],
      credit: [{ companyId: 'c1', creditUsed: eur('10.00') }],
    });
    expect(paid.violations).toEqual([]);
  });

  it('report a published event that reached none of handled, queued or dead-lettered', () => {
    const s = consistent();
    const counts = accountForEvents({ ...s.events, queued: new Set() });
    expect(counts).toMatchObject({ lost: 1, handled: 2, queued: 0 });
    const dead = accountForEvents({ ...s.events, queued: new Set(), dead: new Set(['payment:e1']) });
    expect(dead).toMatchObject({ lost: 0, dead: 1 });
    expect(checkInvariants({ ...s, events: { ...s.events, queued: new Set() } }).violations).toEqual([
      '1 event deliveries unaccounted for (lost)',
    ]);
  });
});
