import { errors } from '@b2b/shared/errors';
import type { TemplateProblem } from '../templates/engine.ts';

/** The notification service's domain errors, created once with a stable code. */
export const notificationErrors = {
  templateNotFound: () => errors.notFound('Notification template', 'TEMPLATE_NOT_FOUND'),
  invalidTemplate: (problems: TemplateProblem[]) =>
    errors.badRequest('The template has syntax errors or unknown placeholders', 'INVALID_TEMPLATE', problems),
  notificationNotFound: () => errors.notFound('Notification', 'NOTIFICATION_NOT_FOUND'),
  suppressionNotFound: () => errors.notFound('Email suppression', 'SUPPRESSION_NOT_FOUND'),
  mailboxMessageNotFound: () => errors.notFound('Mailbox message', 'MAILBOX_MESSAGE_NOT_FOUND'),
  deadLetterConsumerNotFound: () => errors.notFound('Event consumer', 'CONSUMER_NOT_FOUND'),
  /** payment.refunded before the order's own events: the redelivery will find it. */
  orderNotKnownYet: (orderId: string) => new Error(`order ${orderId} not known yet; retrying later`),
};
