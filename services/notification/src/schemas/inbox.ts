import { Type } from 'typebox';
import { closed, paginationProperties, Timestamp } from './common.ts';

export const InboxQuery = Type.Object(
  { ...paginationProperties, unread: Type.Optional(Type.Boolean({ description: 'only unread ones' })) },
  closed,
);

export const InboxItem = Type.Object(
  {
    id: Type.String(),
    template: Type.String(),
    subject: Type.String(),
    text: Type.String(),
    read: Type.Boolean(),
    readAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  closed,
);

export const NotificationIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 300 }) },
  closed,
);
