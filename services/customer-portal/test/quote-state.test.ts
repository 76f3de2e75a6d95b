import type { Quote } from '@b2b/web-kit/ui/quote';
import { describe, expect, it } from 'vitest';
import { isAcceptable, isExpired } from '../app/src/quotes/quote-state.ts';

const now = Date.parse('2026-12-01T12:00:00Z');
const eur = (amount: string) => ({ amount, currency: 'EUR' });

function quote(status: Quote['status'], validUntil?: string): Quote {
  return {
    id: 'q1',
    number: 'RFQ-2026-000001',
    companyId: 'c1',
    userId: 'u1',
    status,
    items: [{ sku: 'A', name: 'A', quantity: 1, targetPrice: null }],
    note: null,
    offer: validUntil
      ? {
          items: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: eur('9.50'), lineTotal: eur('9.50') }],
          subtotal: eur('9.50'),
          validUntil,
          message: null,
          offeredAt: '2026-12-01T10:00:00Z',
        }
      : null,
    messages: [],
    orderId: null,
    orderNumber: null,
    declineReason: null,
    createdAt: '2026-12-01T09:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
  };
}

describe('what the quote page offers', () => {
  it('an offer still valid can be accepted and is not expired', () => {
    const q = quote('offered', '2026-12-01T12:00:01Z');
    expect(isAcceptable(q, now)).toBe(true);
    expect(isExpired(q, now)).toBe(false);
  });

  it('an offer past validUntil is expired before the job has swept it, and cannot be accepted', () => {
    const q = quote('offered', '2026-12-01T12:00:00Z');
    expect(isAcceptable(q, now)).toBe(false);
    expect(isExpired(q, now)).toBe(true);
  });

  it('an expired quote is expired; a request without an offer is neither acceptable nor expired', () => {
    expect(isExpired(quote('expired', '2026-12-01T11:00:00Z'), now)).toBe(true);
    expect(isAcceptable(quote('expired', '2026-12-01T13:00:00Z'), now)).toBe(false);
    expect(isAcceptable(quote('requested'), now)).toBe(false);
    expect(isExpired(quote('requested'), now)).toBe(false);
    expect(isAcceptable(quote('accepted', '2026-12-01T13:00:00Z'), now)).toBe(false);
  });
});
