import { Type } from 'typebox';
import { closed, paginationProperties, Timestamp } from './common.ts';

export const MailboxQuery = Type.Object(
  { ...paginationProperties, to: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })) },
  closed,
);

export const MailboxMessage = Type.Object(
  {
    id: Type.String(),
    channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
    to: Type.String(),
    subject: Type.Union([Type.String(), Type.Null()]),
    text: Type.String(),
    html: Type.Union([Type.String(), Type.Null()]),
    at: Timestamp,
  },
  closed,
);

export const MailboxIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, closed);
