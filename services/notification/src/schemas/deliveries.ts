import { Type } from 'typebox';
import { closed, paginationProperties, Timestamp } from './common.ts';

export const Channel = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('in_app')]);
export const DeliveryStatus = Type.Union([
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('suppressed'),
]);

export const DeliveryQuery = Type.Object(
  {
    ...paginationProperties,
    channel: Type.Optional(Channel),
    status: Type.Optional(DeliveryStatus),
    /** Email address, E.164 number or (in-app) user id, exactly. */
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
    /** Event type, e.g. `order.shipped`. */
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z_]+\\.[a-z_]+$' })),
  },
  closed,
);

export const Delivery = Type.Object(
  {
    id: Type.String(),
    channel: Channel,
    to: Type.String(),
    template: Type.String(),
    event: Type.String(),
    eventId: Type.String(),
    status: DeliveryStatus,
    attempts: Type.Integer({ minimum: 0 }),
    error: Type.Optional(Type.String()),
    /** Why a `suppressed` message was not sent: opted out, or the address bounced / complained. */
    reason: Type.Optional(
      Type.Union([Type.Literal('opted_out'), Type.Literal('bounced'), Type.Literal('complained')]),
    ),
    at: Timestamp,
  },
  closed,
);
