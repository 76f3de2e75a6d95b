/** Order documents → the payloads of the order.* events (one builder per event). */
import type { EventPayloads } from '@b2b/shared/catalogue';
import { storedMoneyToJson } from '@b2b/shared/db';
import type { OrderDoc } from './model.ts';

function ref(order: OrderDoc) {
  return {
    orderId: order._id,
    orderNumber: order.orderNumber,
    companyId: order.companyId,
    userId: order.userId,
  };
}

export function orderPlaced(order: OrderDoc): EventPayloads['order.placed'] {
  return {
    ...ref(order),
    items: order.items.map((i) => ({
      sku: i.sku,
      quantity: i.quantity,
      unitPrice: storedMoneyToJson(i.unitPrice),
    })),
    total: storedMoneyToJson(order.total),
    paymentMethod: order.paymentMethod,
    ...(order.cardToken ? { cardToken: order.cardToken } : {}),
  };
}

export function orderTotalEvent(order: OrderDoc): EventPayloads['order.confirmed'] {
  return { ...ref(order), total: storedMoneyToJson(order.total) };
}

export function orderCancelled(order: OrderDoc, reason: string): EventPayloads['order.cancelled'] {
  return { ...ref(order), reason };
}

export function orderRejected(order: OrderDoc, reason: string | null): EventPayloads['order.rejected'] {
  return { ...ref(order), ...(reason ? { reason } : {}) };
}

export function orderShipped(order: OrderDoc, shipment: { carrier: string; trackingNumber: string }) {
  return { ...ref(order), ...shipment } satisfies EventPayloads['order.shipped'];
}

export function orderDelivered(order: OrderDoc): EventPayloads['order.delivered'] {
  return ref(order);
}
