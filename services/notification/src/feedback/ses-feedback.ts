/**
 * SES bounce and complaint notifications, as the configuration set's event destination publishes
 * them to SNS and SNS delivers them to the feedback queue (raw, or wrapped in an SNS envelope when
 * raw delivery is off). Only the fields the service acts on are checked; SES sends many more.
 *
 * What suppresses an address: a PERMANENT bounce (the mailbox does not exist) and any complaint
 * (the recipient marked a message as spam). Transient bounces (mailbox full, greylisting) and
 * deliveries are not remembered: the next message may well arrive.
 */
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { SuppressionCause } from '../repositories/suppressions.ts';

const Recipient = Type.Object({
  emailAddress: Type.String({ minLength: 3, maxLength: 320 }),
  diagnosticCode: Type.Optional(Type.String()),
});

export const SesFeedback = Type.Object({
  /** Configuration-set event publishing says `eventType`; identity notifications `notificationType`. */
  eventType: Type.Optional(Type.String()),
  notificationType: Type.Optional(Type.String()),
  bounce: Type.Optional(
    Type.Object({
      bounceType: Type.String(),
      bounceSubType: Type.Optional(Type.String()),
      bouncedRecipients: Type.Array(Recipient, { maxItems: 100 }),
    }),
  ),
  complaint: Type.Optional(
    Type.Object({
      complainedRecipients: Type.Array(Recipient, { maxItems: 100 }),
      complaintFeedbackType: Type.Optional(Type.String()),
    }),
  ),
});
export type SesFeedback = Static<typeof SesFeedback>;
const checkFeedback = Compile(SesFeedback);

/** An address to suppress, with why. */
export interface SuppressionReport {
  address: string;
  cause: SuppressionCause;
  detail: string;
}

export class InvalidFeedbackError extends Error {}

/** An SQS message body → the SES notification in it; throws InvalidFeedbackError for anything else. */
export function parseFeedbackMessage(body: string): SesFeedback {
  let value: unknown;
  try {
    value = JSON.parse(body);
    // Without raw delivery, SNS wraps the notification: {"Type":"Notification","Message":"{…}"}.
    const envelope = value as { Type?: unknown; Message?: unknown };
    if (envelope?.Type === 'Notification' && typeof envelope.Message === 'string') {
      value = JSON.parse(envelope.Message);
    }
  } catch {
    throw new InvalidFeedbackError('not JSON');
  }
  if (!checkFeedback.Check(value)) throw new InvalidFeedbackError('not an SES bounce/complaint notification');
  return value;
}

/** The addresses a notification asks to suppress (none for transient bounces and other events). */
export function reportsOf(feedback: SesFeedback): SuppressionReport[] {
  const type = feedback.eventType ?? feedback.notificationType;
  if (type === 'Bounce' && feedback.bounce?.bounceType === 'Permanent') {
    return feedback.bounce.bouncedRecipients.map((r) => ({
      address: r.emailAddress,
      cause: 'bounce',
      detail: r.diagnosticCode ?? `Permanent/${feedback.bounce?.bounceSubType ?? 'General'}`,
    }));
  }
  if (type === 'Complaint' && feedback.complaint) {
    const detail = feedback.complaint.complaintFeedbackType ?? 'complaint';
    return feedback.complaint.complainedRecipients.map((r) => ({
      address: r.emailAddress,
      cause: 'complaint',
      detail,
    }));
  }
  return [];
}
