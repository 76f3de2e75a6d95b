import { type EventType, events } from '@b2b/shared/catalogue';
import { describe, expect, it } from 'vitest';
import type { PaymentContext } from '../src/domain/context.ts';
import { paymentEventHandlers } from '../src/events/handlers.ts';

/**
 * The catalogue routes an event type to the payment queue (an SNS subscription filter in AWS)
 * exactly when the service handles it: a routed type without a handler is deleted unhandled and
 * leaves no trace (the fault-injection tool's event accounting found order.confirmed doing that).
 */
describe('the events routed to payment', () => {
  it('are exactly the ones it has handlers for', () => {
    const routed = (Object.keys(events) as EventType[])
      .filter((type) => (events[type].consumers as readonly string[]).includes('payment'))
      .sort();
    const handled = Object.keys(paymentEventHandlers({ repos: {} } as unknown as PaymentContext)).sort();
    expect(handled).toContain('order.placed');
    expect(routed).toEqual(handled);
  });
});
