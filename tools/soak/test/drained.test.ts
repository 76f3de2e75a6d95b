import type { Backlog } from '@b2b/fault-injection/snapshot';
import { describe, expect, it } from 'vitest';
import { drainedCheck } from '../src/drained.ts';

const empty: Backlog = {
  waitingOrders: 0,
  pendingOutbox: { order: 0, payment: 0 },
  queued: { 'payment-orders': 0, 'order-saga': 0 },
  deadLettered: { 'payment-orders': 0, 'order-saga': 0 },
};

describe('drained at the end', () => {
  it('is drained when every count is zero', () => {
    expect(drainedCheck(empty)).toEqual({ ok: true, leftovers: [] });
  });

  it.each([
    [{ ...empty, waitingOrders: 2 }, '2 order(s) still waiting for the saga'],
    [{ ...empty, pendingOutbox: { order: 3, payment: 0 } }, "3 pending in order's outbox"],
    [{ ...empty, queued: { 'payment-orders': 0, 'order-saga': 1 } }, '1 queued for order-saga'],
    [
      { ...empty, deadLettered: { 'payment-orders': 4, 'order-saga': 0 } },
      '4 dead-lettered by payment-orders',
    ],
  ])('is not drained with something left over: %o', (backlog, leftover) => {
    expect(drainedCheck(backlog)).toEqual({ ok: false, leftovers: [leftover] });
  });

  it('names every leftover at once', () => {
    const backlog = { ...empty, waitingOrders: 1, queued: { 'payment-orders': 2, 'order-saga': 3 } };
    expect(drainedCheck(backlog).leftovers).toEqual([
      '1 order(s) still waiting for the saga',
      '2 queued for payment-orders',
      '3 queued for order-saga',
    ]);
  });
});
