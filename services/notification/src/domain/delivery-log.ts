import type { Channel, DeliveryStatus } from '../repositories/deliveries.ts';
import type { NotificationContext } from './context.ts';

export function searchDeliveries(
  ctx: NotificationContext,
  query: {
    page: number;
    limit: number;
    channel?: Channel;
    status?: DeliveryStatus;
    to?: string;
    event?: string;
  },
) {
  const { event, ...rest } = query;
  return ctx.repos.deliveries.search({ ...rest, ...(event ? { eventType: event } : {}) });
}
