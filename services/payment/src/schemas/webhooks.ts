import { Type } from 'typebox';
import { closed } from './common.ts';

export const WebhookAck = Type.Object(
  { received: Type.Literal(true), outcome: Type.Union([Type.Literal('applied'), Type.Literal('ignored')]) },
  closed,
);
export const StripeSignatureHeaders = Type.Object({
  'stripe-signature': Type.String({ minLength: 1, maxLength: 2048 }),
});
