/**
 * One notification to its recipients over their channels, each message at most once.
 *
 * Per (event, recipient, channel) the delivery record is claimed before the provider call and
 * marked right after it (repositories/deliveries.ts). A repeated event finds the record and sends
 * nothing; a send interrupted between the call and the mark is recorded as failed, never repeated.
 * Everything that can fail without sending (rendering, the recipient lookup) happens before the
 * claim, so the only moment whose outcome can be lost is the provider call itself.
 */
import { retry } from '@b2b/shared/resilience';
import { toE164 } from '../channels/phone.ts';
import { isRetryableSendError, type SendReceipt, sendErrorReason } from '../channels/port.ts';
import { type Channel, deliveryKey, type NewDelivery } from '../repositories/deliveries.ts';
import type { ChannelChoice } from '../repositories/preferences.ts';
import { renderTemplate } from '../templates/engine.ts';
import type { TemplateChannel, TemplateSource } from '../templates/source.ts';
import type { NotificationContext } from './context.ts';
import { type KindData, type NotificationKindKey, notificationKinds } from './kinds.ts';
import { channelChoice } from './preferences.ts';
import type { Recipient } from './recipients.ts';
import { resolveTemplate } from './templates.ts';

export interface OutgoingMessage<K extends NotificationKindKey = NotificationKindKey> {
  kind: K;
  recipients: Recipient[];
  /** The kind's placeholders for one recipient (their name in the greeting). */
  data: (recipient: Recipient) => KindData<K>;
}

/** A long message becomes at most three SMS segments. */
const MAX_SMS_CHARS = 459;

export interface TriggeringEvent {
  id: string;
  type: string;
}

export async function deliver(
  ctx: NotificationContext,
  event: TriggeringEvent,
  message: OutgoingMessage,
): Promise<void> {
  const kind = notificationKinds[message.kind];
  // Recipients of one event share templates per channel and locale: each is looked up once.
  const templates = new Map<string, Promise<TemplateSource>>();
  const templateOf = (channel: TemplateChannel, locale: string) => {
    const id = `${channel}|${locale}`;
    let found = templates.get(id);
    if (!found) {
      found = resolveTemplate(ctx, { key: message.kind, channel, locale });
      templates.set(id, found);
    }
    return found;
  };
  const seen = new Set<string>();
  for (const recipient of message.recipients) {
    const recipientKey = recipient.userId ?? recipient.email;
    if (seen.has(recipientKey)) continue; // an approver who is also a company admin hears it once
    seen.add(recipientKey);
    const data = message.data(recipient) as Record<string, string>;
    // Each message is rendered before its claim: a template that fails never leaves a `sending` record.
    const render = async (channel: TemplateChannel) =>
      renderTemplate(await templateOf(channel, recipient.locale), data);
    // Security messages (invitation, reset) go by email whatever the preferences: the only way in.
    const choice: ChannelChoice = kind.security
      ? { email: true, sms: false, inApp: false }
      : await channelChoice(ctx, recipient.userId, message.kind);
    const base = (channel: Channel, to: string): [string, NewDelivery] => [
      deliveryKey(event.id, recipientKey, channel),
      {
        eventId: event.id,
        eventType: event.type,
        template: message.kind,
        channel,
        to,
        userId: recipient.userId,
      },
    ];

    const [emailId, email] = base('email', recipient.email);
    // An address SES reported (permanent bounce, complaint) is never emailed again, whatever the kind.
    const suppression = choice.email ? await ctx.repos.suppressions.find(recipient.email) : null;
    if (choice.email && !suppression) {
      const { subject, text, html } = await render('email');
      // An email template always has the three parts (checkTemplate, seeds.ts).
      await sendOnce(ctx, emailId, email, () =>
        ctx.transport.sendEmail({ to: recipient.email, subject: subject!, text, html: html! }),
      );
    } else {
      const reason = !suppression ? 'opted_out' : suppression.cause === 'bounce' ? 'bounced' : 'complained';
      await ctx.repos.deliveries.record(emailId, email, { status: 'suppressed', reason }, ctx.now());
    }

    if (choice.sms && recipient.phone) {
      const phone = toE164(recipient.phone);
      const [smsId, sms] = base('sms', phone ?? recipient.phone);
      if (phone) {
        const text = smsText((await render('sms')).text);
        await sendOnce(ctx, smsId, sms, () => ctx.transport.sendSms({ to: phone, text }));
      } else {
        const error = 'phone number is not in E.164 form (+ and country code)';
        await ctx.repos.deliveries.record(smsId, sms, { status: 'failed', error }, ctx.now());
      }
    }

    if (recipient.userId && !kind.security) {
      const [inAppId, inApp] = base('in_app', recipient.userId);
      if (choice.inApp) {
        const rendered = await render('in_app');
        // The insert is the exactly-once step (its _id is the delivery key); then the log line.
        await ctx.repos.inbox.add({
          _id: inAppId,
          userId: recipient.userId,
          template: message.kind,
          subject: rendered.subject!,
          text: rendered.text,
          readAt: null,
          createdAt: ctx.now(),
        });
        await ctx.repos.deliveries.record(inAppId, inApp, { status: 'sent', attempts: 1 }, ctx.now());
      } else {
        await ctx.repos.deliveries.record(
          inAppId,
          inApp,
          { status: 'suppressed', reason: 'opted_out' },
          ctx.now(),
        );
      }
    }
  }
}

function smsText(rendered: string): string {
  const text = rendered.replace(/\s+/g, ' ').trim();
  return text.length <= MAX_SMS_CHARS ? text : `${text.slice(0, MAX_SMS_CHARS - 1)}…`;
}

/** Claim → call (retrying only "not accepted" answers) → mark. A provider refusal is logged as failed. */
async function sendOnce(
  ctx: NotificationContext,
  id: string,
  fields: NewDelivery,
  call: () => Promise<SendReceipt>,
): Promise<void> {
  const claim = await ctx.repos.deliveries.claim(id, fields, ctx.now());
  if (!claim) return;
  let attempts = 0;
  let receipt: SendReceipt;
  try {
    receipt = await retry(
      async () => {
        attempts++;
        return call();
      },
      {
        ...ctx.sendRetry,
        isRetryable: isRetryableSendError,
        onRetry: ({ attempt, delayMs, error }) =>
          ctx.log.warn(
            { deliveryId: id, channel: fields.channel, attempt, delayMs, reason: sendErrorReason(error) },
            'provider did not accept the message; retrying',
          ),
      },
    );
  } catch (err) {
    const error = sendErrorReason(err);
    ctx.log.warn({ deliveryId: id, channel: fields.channel, attempts, reason: error }, 'message not sent');
    await ctx.repos.deliveries.finish(id, claim.holder, { status: 'failed', attempts, error }, ctx.now());
    return;
  }
  await ctx.repos.deliveries.finish(
    id,
    claim.holder,
    { status: 'sent', attempts, providerMessageId: receipt.providerMessageId },
    ctx.now(),
  );
}
