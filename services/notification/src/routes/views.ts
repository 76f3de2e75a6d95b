/** Documents → response bodies: each view names what leaves the service (the schemas enforce it). */
import type { DeadLetterSummary } from '@b2b/shared/events';
import type { Static } from 'typebox';
import { notificationKinds } from '../domain/kinds.ts';
import type { TemplateState } from '../domain/templates.ts';
import type { DeliveryDoc } from '../repositories/deliveries.ts';
import type { InboxDoc } from '../repositories/inbox.ts';
import type { MailboxDoc } from '../repositories/mailbox.ts';
import type { SuppressionDoc } from '../repositories/suppressions.ts';
import type { Delivery } from '../schemas/deliveries.ts';
import type { InboxItem } from '../schemas/inbox.ts';
import type { MailboxMessage } from '../schemas/mailbox.ts';
import type { Suppression } from '../schemas/suppressions.ts';
import type { Template } from '../schemas/templates.ts';

export function templateView(t: TemplateState): Static<typeof Template> {
  const kind = notificationKinds[t.key];
  return {
    key: t.key,
    channel: t.channel,
    locale: t.locale,
    description: kind.description,
    audience: kind.audience,
    security: kind.security,
    placeholders: Object.keys(kind.sample),
    ...(t.subject === undefined ? {} : { subject: t.subject }),
    text: t.text,
    ...(t.html === undefined ? {} : { html: t.html }),
    customized: t.customized,
    fallbackLocale: t.fallbackLocale,
    updatedAt: t.updatedAt?.toISOString() ?? null,
  };
}

export function deliveryView(d: DeliveryDoc): Static<typeof Delivery> {
  return {
    id: d._id,
    channel: d.channel,
    to: d.to,
    template: d.template,
    event: d.eventType,
    eventId: d.eventId,
    status: d.status,
    attempts: d.attempts,
    ...(d.error ? { error: d.error } : {}),
    ...(d.reason ? { reason: d.reason } : {}),
    at: d.createdAt.toISOString(),
  };
}

export function inboxView(n: InboxDoc): Static<typeof InboxItem> {
  return {
    id: n._id,
    template: n.template,
    subject: n.subject,
    text: n.text,
    read: n.readAt !== null,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

export function mailboxView(m: MailboxDoc): Static<typeof MailboxMessage> {
  return {
    id: m._id,
    channel: m.channel,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    at: m.createdAt.toISOString(),
  };
}

export function suppressionView(d: SuppressionDoc): Static<typeof Suppression> {
  return {
    address: d._id,
    cause: d.cause,
    detail: d.detail,
    source: d.source,
    at: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function deadLetterView(letter: DeadLetterSummary) {
  return {
    id: letter.id,
    type: letter.type,
    attempts: letter.attempts,
    reason: letter.reason,
    deadLetteredAt: letter.deadLetteredAt?.toISOString() ?? null,
  };
}
