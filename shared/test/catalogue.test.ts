import { describe, expect, it } from 'vitest';
import {
  type EventType,
  events,
  eventsConsumedBy,
  liveServices,
  serviceForApiPath,
  serviceNames,
  services,
  topicsConsumedBy,
} from '../src/catalogue.ts';

describe('catalogue', () => {
  it('declares the nine services of the architecture with unique ports', () => {
    expect(serviceNames).toHaveLength(9);
    const ports = serviceNames.map((n) => services[n].port);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('routes public API areas to the owning service, longest area first', () => {
    expect(serviceForApiPath('/auth/login')).toBe('user');
    expect(serviceForApiPath('/admin/users/123')).toBe('user');
    expect(serviceForApiPath('/admin/products')).toBe('product');
    expect(serviceForApiPath('/orders/1/approve')).toBe('order');
    expect(serviceForApiPath('/authx')).toBeUndefined();
    expect(serviceForApiPath('/admin')).toBeUndefined();
  });

  it('derives subscriptions from the event table', () => {
    expect(eventsConsumedBy('payment')).toContain('order.placed');
    expect(eventsConsumedBy('payment')).not.toContain('user.registered');
    // Order keeps projections of companies and members (company.updated, member.*) from the user topic.
    expect(topicsConsumedBy('order').sort()).toEqual(['payment', 'product', 'user']);
  });

  it('has live services only among those with code', () => {
    expect(liveServices()).toContain('api-gateway');
    expect(liveServices()).toContain('user');
  });

  it('rejects a misspelt event type at compile time', () => {
    // @ts-expect-error 'order.plced' is not a catalogued event type
    const misspelt: EventType = 'order.plced';
    expect(events[misspelt as EventType]).toBeUndefined();
  });
});
