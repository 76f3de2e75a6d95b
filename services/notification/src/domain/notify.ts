/**
 * Event → the messages it causes: which kind, to whom, with what data. One function per notifying
 * event; `notifyAbout` runs them and delivers (domain/deliver.ts).
 */
import type { EventPayloads, MoneyJson } from '@b2b/shared/catalogue';
import type { EventEnvelope } from '@b2b/shared/events';
import { formatAmount, fromJson } from '@b2b/shared/money';
import { DEFAULT_LOCALE } from '../templates/source.ts';
import type { NotificationContext } from './context.ts';
import { deliver, type OutgoingMessage } from './deliver.ts';
import { notificationErrors } from './errors.ts';
import type { NotificationKindKey } from './kinds.ts';
import type { Recipient } from './recipients.ts';

export type NotifyingEvent = NotificationKindKey;

type Planner<T extends NotifyingEvent> = (
  ctx: NotificationContext,
  data: EventPayloads[T],
) => Promise<OutgoingMessage[]>;

const money = (m: MoneyJson) => `${formatAmount(fromJson(m))} ${m.currency}`;
const day = (iso: string) => iso.slice(0, 10);
const link = (ctx: NotificationContext, path: string) => `${ctx.publicBaseUrl}${path}`;
const name = (r: Recipient) => ({ recipientName: r.name });

/** The addressee an identity event names itself (the address may not be an active account yet). */
const fromEvent = (data: { userId: string; name: string; email: string }) => ({
  userId: data.userId,
  name: data.name,
  email: data.email,
  phone: null,
});

async function buyer(ctx: NotificationContext, userId: string): Promise<Recipient[]> {
  const user = await ctx.directory.user(userId);
  return user ? [user] : [];
}

/** order.* events: remembered (payment.refunded names only the order), then the buyer is told. */
function toBuyer<
  T extends
    | 'order.placed'
    | 'order.confirmed'
    | 'order.cancelled'
    | 'order.rejected'
    | 'order.shipped'
    | 'order.delivered',
>(kind: T, extra: (data: EventPayloads[T]) => Record<string, string>): Planner<T> {
  return async (ctx, data) => {
    await ctx.repos.orderRefs.remember(data);
    return [
      {
        kind,
        recipients: await buyer(ctx, data.userId),
        data: (r) =>
          ({
            ...name(r),
            orderNumber: data.orderNumber,
            orderUrl: link(ctx, `/orders/${encodeURIComponent(data.orderId)}`),
            ...extra(data),
          }) as never,
      },
    ];
  };
}

const quoteUrl = (ctx: NotificationContext, quoteId: string, admin: boolean) =>
  link(ctx, `${admin ? '/admin' : ''}/quotes/${encodeURIComponent(quoteId)}`);

/** quote.requested / accepted / declined: the supplier's side is the platform admins. */
function toSupplier<T extends 'quote.requested' | 'quote.accepted' | 'quote.declined'>(
  kind: T,
  extra: (data: EventPayloads[T]) => Record<string, string>,
): Planner<T> {
  return async (ctx, data) => [
    {
      kind,
      recipients: await ctx.directory.platformAdmins(),
      data: (r) =>
        ({
          ...name(r),
          quoteNumber: data.number,
          quoteUrl: quoteUrl(ctx, data.quoteId, true),
          ...extra(data),
        }) as never,
    },
  ];
}

const planners: { [T in NotifyingEvent]: Planner<T> } = {
  // Registration and invitation bodies carry no language, so a new account's locale is the default.
  'user.registered': async (ctx, data) => [
    {
      kind: 'user.registered',
      recipients: [{ ...fromEvent(data), locale: DEFAULT_LOCALE }],
      data: (r) => ({ ...name(r), companyName: data.companyName, loginUrl: link(ctx, '/login') }),
    },
  ],
  'user.invited': async (ctx, data) => [
    {
      kind: 'user.invited',
      recipients: [{ ...fromEvent(data), locale: DEFAULT_LOCALE }],
      data: (r) => ({
        ...name(r),
        companyName: data.companyName,
        setPasswordUrl: link(ctx, `/set-password?token=${encodeURIComponent(data.setPasswordToken)}`),
        expiresAt: data.expiresAt,
      }),
    },
  ],
  'user.password_reset_requested': async (ctx, data) => [
    {
      kind: 'user.password_reset_requested',
      // The account may have chosen a language by now: the user service knows (gone since: default).
      recipients: [
        { ...fromEvent(data), locale: (await ctx.directory.user(data.userId))?.locale ?? DEFAULT_LOCALE },
      ],
      data: (r) => ({
        ...name(r),
        resetUrl: link(ctx, `/reset-password?token=${encodeURIComponent(data.resetToken)}`),
        expiresAt: data.expiresAt,
      }),
    },
  ],
  'order.placed': toBuyer('order.placed', (d) => ({ total: money(d.total) })),
  'order.awaiting_approval': async (ctx, data) => {
    await ctx.repos.orderRefs.remember(data);
    // Either level of an approval rule may be asked (approver or company_admin): both are told.
    const [approvers, admins] = await Promise.all([
      ctx.directory.companyMembers(data.companyId, 'approver'),
      ctx.directory.companyMembers(data.companyId, 'company_admin'),
    ]);
    const orderUrl = link(ctx, `/orders/${encodeURIComponent(data.orderId)}`);
    return [
      {
        kind: 'order.awaiting_approval',
        // The buyer is never asked to approve their own order, even as a company admin.
        recipients: [...approvers, ...admins].filter((r) => r.userId !== data.userId),
        data: (r) => ({
          ...name(r),
          orderNumber: data.orderNumber,
          orderUrl,
          total: money(data.total),
          approvalUrl: orderUrl,
        }),
      },
    ];
  },
  'order.confirmed': toBuyer('order.confirmed', (d) => ({ total: money(d.total) })),
  'order.cancelled': toBuyer('order.cancelled', (d) => ({ reason: d.reason })),
  'order.rejected': toBuyer('order.rejected', (d) => ({ reason: d.reason ?? '' })),
  'order.shipped': toBuyer('order.shipped', (d) => ({
    carrier: d.carrier,
    trackingNumber: d.trackingNumber,
  })),
  'order.delivered': toBuyer('order.delivered', () => ({})),
  'payment.refunded': async (ctx, data) => {
    const order = await ctx.repos.orderRefs.find(data.orderId);
    // Events arrive in any order: the order's own events will have been seen by a redelivery.
    if (!order) throw notificationErrors.orderNotKnownYet(data.orderId);
    return [
      {
        kind: 'payment.refunded',
        recipients: await buyer(ctx, order.userId),
        data: (r) => ({
          ...name(r),
          orderNumber: order.orderNumber,
          orderUrl: link(ctx, `/orders/${encodeURIComponent(data.orderId)}`),
          amount: money(data.amount),
        }),
      },
    ];
  },
  'invoice.issued': async (ctx, data) => [
    {
      kind: 'invoice.issued',
      recipients: await ctx.directory.companyMembers(data.companyId, 'company_admin'),
      data: (r) => ({
        ...name(r),
        invoiceNumber: data.number,
        amount: money(data.amount),
        dueDate: day(data.dueDate),
        invoicesUrl: link(ctx, '/invoices'),
      }),
    },
  ],
  'invoice.overdue': async (ctx, data) => [
    {
      kind: 'invoice.overdue',
      recipients: await ctx.directory.companyMembers(data.companyId, 'company_admin'),
      data: (r) => ({
        ...name(r),
        invoiceNumber: data.number,
        outstanding: money(data.outstanding),
        dueDate: day(data.dueDate),
        daysOverdue: String(data.daysOverdue),
        invoicesUrl: link(ctx, '/invoices'),
      }),
    },
  ],
  'inventory.low_stock': async (ctx, data) => [
    {
      kind: 'inventory.low_stock',
      recipients: await ctx.directory.platformAdmins(),
      data: (r) => ({
        ...name(r),
        sku: data.sku,
        available: String(data.available),
        threshold: String(data.threshold),
        inventoryUrl: link(ctx, `/admin/inventory/${encodeURIComponent(data.sku)}`),
      }),
    },
  ],
  'quote.requested': toSupplier('quote.requested', () => ({})),
  'quote.offered': async (ctx, data) => [
    {
      kind: 'quote.offered',
      recipients: await buyer(ctx, data.userId),
      data: (r) => ({
        ...name(r),
        quoteNumber: data.number,
        total: money(data.total),
        validUntil: data.validUntil,
        quoteUrl: quoteUrl(ctx, data.quoteId, false),
      }),
    },
  ],
  'quote.accepted': toSupplier('quote.accepted', (d) => ({ orderNumber: d.orderNumber })),
  'quote.declined': toSupplier('quote.declined', (d) => ({ reason: d.reason ?? '' })),
  // The side that did not write is told: staff reply to the requester, customers reach the staff.
  'quote.message_posted': async (ctx, data) => {
    const toStaff = data.side === 'buyer';
    const recipients = toStaff ? await ctx.directory.platformAdmins() : await buyer(ctx, data.userId);
    return [
      {
        kind: 'quote.message_posted',
        recipients: recipients.filter((r) => r.userId !== data.authorId),
        data: (r) => ({
          ...name(r),
          quoteNumber: data.number,
          excerpt: data.excerpt,
          quoteUrl: quoteUrl(ctx, data.quoteId, toStaff),
        }),
      },
    ];
  },
  'quote.expired': async (ctx, data) => {
    const [requester, admins] = await Promise.all([buyer(ctx, data.userId), ctx.directory.platformAdmins()]);
    const data_ = (admin: boolean) => (r: Recipient) => ({
      ...name(r),
      quoteNumber: data.number,
      validUntil: data.validUntil,
      quoteUrl: quoteUrl(ctx, data.quoteId, admin),
    });
    return [
      { kind: 'quote.expired', recipients: requester, data: data_(false) },
      { kind: 'quote.expired', recipients: admins, data: data_(true) },
    ];
  },
};

export const notifyingEvents = Object.keys(planners) as NotifyingEvent[];

/** Plans and delivers every message of one event (the body of its side-effect handler). */
export async function notifyAbout<T extends NotifyingEvent>(
  ctx: NotificationContext,
  event: EventEnvelope<T>,
): Promise<void> {
  const plan = planners[event.type] as Planner<T>;
  for (const message of await plan(ctx, event.data)) await deliver(ctx, event, message);
}
