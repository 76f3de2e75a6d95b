import { describe, expect, it } from 'vitest';
import { accountOrders, type OrderEnding, type OrderSeen } from '../src/accounting.ts';

const confirmedOrder = (id: string): OrderSeen => ({
  id,
  status: 'confirmed',
  poNumber: `po-${id}`,
  history: ['pending', 'confirmed'],
});
const cancelledOrder = (id: string): OrderSeen => ({
  id,
  status: 'cancelled',
  poNumber: `po-${id}`,
  history: ['pending', 'cancelled'],
  cancellationReason: 'timed_out',
});
const ending = (orderId: string, type = 'order.confirmed'): OrderEnding => ({ orderId, type });

/** A run where each of three orders ended exactly once: the positive control of every case. */
const good = {
  acceptedIds: ['a', 'b', 'c'],
  apiOrders: [confirmedOrder('a'), confirmedOrder('b'), cancelledOrder('c')],
  endings: [ending('a'), ending('b'), ending('c', 'order.cancelled')],
};

describe('lost and duplicated orders', () => {
  it('counts nothing lost or duplicated when every accepted order ended once, in the API and on the bus', () => {
    expect(accountOrders(good)).toEqual({
      accepted: 3,
      unacknowledged: 0,
      confirmed: 2,
      cancelled: 1,
      cancelledBecause: { timed_out: 1 },
      lost: 0,
      duplicated: 0,
      problems: [],
    });
  });

  it('counts an accepted order the API does not know as lost', () => {
    const r = accountOrders({ ...good, acceptedIds: [...good.acceptedIds, 'd'] });
    expect(r.lost).toBe(1);
    expect(r.problems).toEqual(["accepted order d is not in the API's list"]);
  });

  it('counts an order still pending as lost', () => {
    const r = accountOrders({
      ...good,
      apiOrders: [
        ...good.apiOrders.slice(0, 2),
        { ...cancelledOrder('c'), status: 'pending', history: ['pending'] },
      ],
      endings: good.endings.slice(0, 2),
    });
    expect(r).toMatchObject({ lost: 1, confirmed: 2, cancelled: 0, problems: ['order c is still pending'] });
  });

  it('counts a confirmed order whose order.confirmed was never published as lost', () => {
    const r = accountOrders({ ...good, endings: good.endings.filter((e) => e.orderId !== 'b') });
    expect(r.lost).toBe(1);
    expect(r.problems).toEqual(['order b is confirmed but published no ending event']);
  });

  it('counts an order whose event contradicts its status as lost', () => {
    const r = accountOrders({
      ...good,
      endings: [ending('a'), ending('b', 'order.cancelled'), good.endings[2]!],
    });
    expect(r.lost).toBe(1);
    expect(r.problems).toEqual(['order b is confirmed but published order.cancelled']);
  });

  it('counts a second ending event of one order as a duplicate', () => {
    const r = accountOrders({ ...good, endings: [...good.endings, ending('a')] });
    expect(r).toMatchObject({ lost: 0, duplicated: 1 });
    expect(r.problems).toEqual(['order a published 2 endings (order.confirmed, order.confirmed)']);
  });

  it('counts an order that ended twice in its history as a duplicate', () => {
    const twice = { ...confirmedOrder('a'), history: ['pending', 'confirmed', 'cancelled'] };
    const r = accountOrders({ ...good, apiOrders: [twice, ...good.apiOrders.slice(1)] });
    expect(r.duplicated).toBe(1);
    expect(r.problems).toEqual(['order a ended 2 times in its history']);
  });

  it('counts a second order made by one checkout as a duplicate, though both ended fine', () => {
    const again = { ...confirmedOrder('a2'), poNumber: 'po-a' };
    const r = accountOrders({
      ...good,
      apiOrders: [...good.apiOrders, again],
      endings: [...good.endings, ending('a2')],
    });
    expect(r).toMatchObject({ lost: 0, duplicated: 1, unacknowledged: 1 });
    expect(r.problems).toEqual(['checkout po-a made 2 orders']);
  });

  it('accepts an order whose 201 the client never got, as long as it ended once', () => {
    const r = accountOrders({ ...good, acceptedIds: ['a', 'b'] });
    expect(r).toMatchObject({
      accepted: 2,
      unacknowledged: 1,
      lost: 0,
      duplicated: 0,
      confirmed: 2,
      cancelled: 1,
    });
  });

  it('ignores events that do not end an order, and counts shipped as confirmed', () => {
    const shipped = {
      ...confirmedOrder('a'),
      status: 'shipped',
      history: ['pending', 'confirmed', 'shipped'],
    };
    const r = accountOrders({
      ...good,
      apiOrders: [shipped, ...good.apiOrders.slice(1)],
      endings: [...good.endings, { orderId: 'a', type: 'order.shipped' }],
    });
    expect(r).toMatchObject({ lost: 0, duplicated: 0, confirmed: 2 });
  });

  it('tells why orders were cancelled, and counts none when none was', () => {
    const noReason = { ...cancelledOrder('d'), cancellationReason: null };
    const r = accountOrders({
      acceptedIds: ['c', 'd'],
      apiOrders: [cancelledOrder('c'), noReason],
      endings: [ending('c', 'order.cancelled'), ending('d', 'order.cancelled')],
    });
    expect(r.cancelledBecause).toEqual({ timed_out: 1, unknown: 1 });
    const allConfirmed = accountOrders({
      acceptedIds: ['a'],
      apiOrders: [confirmedOrder('a')],
      endings: [ending('a')],
    });
    expect(allConfirmed.cancelledBecause).toEqual({});
  });
});
