/**
 * The kinds of notification the platform sends: one per notifying event (api.md "Events that
 * notify", events.md), each with the placeholders its templates may use. The sample values are the
 * data the preview route renders with, and their names are the only placeholders a template may
 * name (PUT /admin/notification-templates/:key refuses any other).
 */
import type { EventType } from '@b2b/shared/catalogue';

export interface NotificationKind {
  readonly description: string;
  /** Who receives it, for the admin list. */
  readonly audience: string;
  /** Security messages (invitation, password reset) go out by email whatever the preferences say. */
  readonly security: boolean;
  /** Placeholder → sample value (every value is text: amounts arrive formatted). */
  readonly sample: Readonly<Record<string, string>>;
}

const order = {
  recipientName: 'Dana Buyer',
  orderNumber: 'ORD-1042',
  orderUrl: 'http://localhost:8080/orders/o-1',
};

export const notificationKinds = {
  'user.registered': {
    description: 'Welcome after registration',
    audience: 'the new user',
    security: false,
    sample: {
      recipientName: 'Dana Buyer',
      companyName: 'Acme Supplies Ltd',
      loginUrl: 'http://localhost:8080/login',
    },
  },
  'user.invited': {
    description: 'Invitation of a new company member, with a set-password link',
    audience: 'the invitee',
    security: true,
    sample: {
      recipientName: 'Sam Member',
      companyName: 'Acme Supplies Ltd',
      setPasswordUrl: 'http://localhost:8080/set-password?token=sample',
      expiresAt: '2026-12-08T10:00:00.000Z',
    },
  },
  'user.password_reset_requested': {
    description: 'Password reset link (valid one hour)',
    audience: 'the account holder',
    security: true,
    sample: {
      recipientName: 'Dana Buyer',
      resetUrl: 'http://localhost:8080/reset-password?token=sample',
      expiresAt: '2026-12-01T11:00:00.000Z',
    },
  },
  'order.placed': {
    description: 'Order received',
    audience: 'the buyer',
    security: false,
    sample: { ...order, total: '1234.50 EUR' },
  },
  'order.awaiting_approval': {
    description: 'An order waits for approval',
    audience: "the company's approvers and company admins",
    security: false,
    sample: {
      ...order,
      recipientName: 'Ann Approver',
      total: '1234.50 EUR',
      approvalUrl: 'http://localhost:8080/orders/o-1',
    },
  },
  'order.confirmed': {
    description: 'Order confirmed (stock and payment secured)',
    audience: 'the buyer',
    security: false,
    sample: { ...order, total: '1234.50 EUR' },
  },
  'order.cancelled': {
    description: 'Order cancelled',
    audience: 'the buyer',
    security: false,
    sample: { ...order, reason: 'out_of_stock' },
  },
  'order.rejected': {
    description: 'Order rejected by an approver',
    audience: 'the buyer',
    security: false,
    sample: { ...order, reason: 'over budget' },
  },
  'order.shipped': {
    description: 'Order shipped, with tracking',
    audience: 'the buyer',
    security: false,
    sample: { ...order, carrier: 'DHL', trackingNumber: 'JD014600006281234567' },
  },
  'order.delivered': {
    description: 'Order delivered',
    audience: 'the buyer',
    security: false,
    sample: { ...order },
  },
  'payment.refunded': {
    description: 'Refund issued',
    audience: 'the buyer of the order',
    security: false,
    sample: { ...order, amount: '100.00 EUR' },
  },
  'invoice.issued': {
    description: 'Invoice issued',
    audience: 'company admins',
    security: false,
    sample: {
      recipientName: 'Carla Admin',
      invoiceNumber: 'INV-2026-0042',
      amount: '1234.50 EUR',
      dueDate: '2026-12-31',
      invoicesUrl: 'http://localhost:8080/invoices',
    },
  },
  'invoice.overdue': {
    description: 'Invoice overdue reminder',
    audience: 'company admins',
    security: false,
    sample: {
      recipientName: 'Carla Admin',
      invoiceNumber: 'INV-2026-0042',
      outstanding: '1234.50 EUR',
      dueDate: '2026-11-30',
      daysOverdue: '3',
      invoicesUrl: 'http://localhost:8080/invoices',
    },
  },
  'inventory.low_stock': {
    description: 'Low stock alert',
    audience: 'platform admins',
    security: false,
    sample: {
      recipientName: 'Ops',
      sku: 'BOLT-M8',
      available: '4',
      threshold: '10',
      inventoryUrl: 'http://localhost:8080/admin/inventory/BOLT-M8',
    },
  },
  'quote.requested': {
    description: 'A customer requested a quote',
    audience: 'platform admins',
    security: false,
    sample: { recipientName: 'Ops', quoteNumber: 'Q-77', quoteUrl: 'http://localhost:8080/admin/quotes/q-1' },
  },
  'quote.offered': {
    description: 'The supplier made an offer',
    audience: 'the requester',
    security: false,
    sample: {
      recipientName: 'Dana Buyer',
      quoteNumber: 'Q-77',
      total: '990.00 EUR',
      validUntil: '2026-12-15T00:00:00.000Z',
      quoteUrl: 'http://localhost:8080/quotes/q-1',
    },
  },
  'quote.accepted': {
    description: 'The customer accepted an offer',
    audience: 'platform admins',
    security: false,
    sample: {
      recipientName: 'Ops',
      quoteNumber: 'Q-77',
      orderNumber: 'ORD-1043',
      quoteUrl: 'http://localhost:8080/admin/quotes/q-1',
    },
  },
  'quote.declined': {
    description: 'The customer declined an offer',
    audience: 'platform admins',
    security: false,
    sample: {
      recipientName: 'Ops',
      quoteNumber: 'Q-77',
      reason: 'price',
      quoteUrl: 'http://localhost:8080/admin/quotes/q-1',
    },
  },
  'quote.expired': {
    description: 'An offer expired',
    audience: 'the requester and platform admins',
    security: false,
    sample: {
      recipientName: 'Dana Buyer',
      quoteNumber: 'Q-77',
      validUntil: '2026-12-15T00:00:00.000Z',
      quoteUrl: 'http://localhost:8080/quotes/q-1',
    },
  },
  'quote.message_posted': {
    description: 'A new message in a quote thread',
    audience: 'the other side: the requester for supplier messages, platform admins for customer ones',
    security: false,
    sample: {
      recipientName: 'Dana Buyer',
      quoteNumber: 'Q-77',
      excerpt: 'Can you do 5% off for 200 pieces?',
      quoteUrl: 'http://localhost:8080/quotes/q-1',
    },
  },
} as const satisfies Partial<Record<EventType, NotificationKind>>;

export type NotificationKindKey = keyof typeof notificationKinds;
export const notificationKindKeys = Object.keys(notificationKinds) as NotificationKindKey[];

export function isNotificationKind(key: string): key is NotificationKindKey {
  return Object.hasOwn(notificationKinds, key);
}

/** Kinds a user can opt out of (everything but security messages). */
export const optionalKindKeys = notificationKindKeys.filter((k) => !notificationKinds[k].security);

/** What a kind's templates are rendered with: exactly its placeholders. */
export type KindData<K extends NotificationKindKey> = {
  [P in keyof (typeof notificationKinds)[K]['sample']]: string;
};
