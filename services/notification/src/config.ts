import { consumers, deadLetterQueueUrlEnv, queueUrlEnv } from '@b2b/shared/catalogue';
import {
  baseSettings,
  type ConfigRule,
  loadConfig,
  loadConfigOrExit,
  requireDatabase,
  requireEventBus,
} from '@b2b/shared/config';
import { requireServiceCredential, serviceCredentialSettings } from '@b2b/shared/internal';
import { Type } from 'typebox';

const SqsQueueUrl = Type.String({ pattern: '^https://[^\\s]+$' });
/** EVENT_QUEUE_URL_<C> / EVENT_DLQ_URL_<C> of every catalogue consumer: the dead-letter admin on SQS. */
const deadLetterQueueVariables = consumers.flatMap((c) => [queueUrlEnv(c), deadLetterQueueUrlEnv(c)]);
const deadLetterQueueSettings = Object.fromEntries(
  deadLetterQueueVariables.map((variable) => [variable, Type.Optional(SqsQueueUrl)]),
);

export const NotificationSettings = Type.Object({
  ...baseSettings,
  ...serviceCredentialSettings,
  /** Base of every link in a message (the load balancer or the site's domain). Required in production. */
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/$.?#][^\\s]*$' })),
  /** `aws`: SES + SNS. `mailbox`: the development mailbox (never in production). */
  NOTIFICATION_TRANSPORT: Type.Optional(Type.Union([Type.Literal('aws'), Type.Literal('mailbox')])),
  /** The SES identity the task may send from (a domain or an address; CDK context emailSenderIdentity). */
  EMAIL_SENDER_IDENTITY: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
  /** Display name of the sender. */
  EMAIL_SENDER_NAME: Type.String({ minLength: 1, maxLength: 64, default: 'B2B Commerce' }),
  /** SES configuration set (bounce/complaint publishing); required with the aws transport in production. */
  SES_CONFIGURATION_SET: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  ),
  /** The SES bounce/complaint queue (SES → SNS → SQS); required with the aws transport in production. */
  SES_FEEDBACK_QUEUE_URL: Type.Optional(Type.String({ pattern: '^https://[^\\s]+$' })),
  ...deadLetterQueueSettings,
  SMS_SENDER_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 11, pattern: '^[A-Za-z0-9]+$' })),
});

/** Missing settings never fall back in production: no links to localhost, no mailbox, no sender guess. */
const requireDeliverySettings: ConfigRule = (values, { production }) => {
  if (!production) return [];
  const problems = [];
  if (values['PUBLIC_BASE_URL'] === undefined)
    problems.push({ variable: 'PUBLIC_BASE_URL', message: 'is required in production (links in messages)' });
  if (values['NOTIFICATION_TRANSPORT'] === 'mailbox')
    problems.push({ variable: 'NOTIFICATION_TRANSPORT', message: 'mailbox is for local runs only' });
  if (values['EMAIL_SENDER_IDENTITY'] === undefined)
    problems.push({ variable: 'EMAIL_SENDER_IDENTITY', message: 'is required in production (SES sender)' });
  if (values['SES_CONFIGURATION_SET'] === undefined)
    problems.push({ variable: 'SES_CONFIGURATION_SET', message: 'is required in production' });
  // Without it bounced addresses would be emailed again and again (reputation, the SES account).
  if (values['SES_FEEDBACK_QUEUE_URL'] === undefined)
    problems.push({ variable: 'SES_FEEDBACK_QUEUE_URL', message: 'is required in production (bounces)' });
  return problems;
};

/** On SQS the dead-letter screen needs every consumer's queues (the CDK sets them for the grant). */
const requireDeadLetterQueues: ConfigRule = (values) =>
  values['EVENT_BUS'] !== 'sns-sqs'
    ? []
    : deadLetterQueueVariables
        .filter((variable) => values[variable] === undefined)
        .map((variable) => ({ variable, message: 'is required when EVENT_BUS=sns-sqs (dead letters)' }));

function options(env: NodeJS.ProcessEnv) {
  return {
    env: { SERVICE_NAME: 'notification', ...env },
    localDefaults: { PUBLIC_BASE_URL: 'http://localhost:8080', NOTIFICATION_TRANSPORT: 'mailbox' },
    rules: [
      requireDatabase,
      requireEventBus({ consumer: true }),
      requireServiceCredential,
      requireDeliverySettings,
      requireDeadLetterQueues,
    ],
  };
}

export function parseNotificationConfig(env: NodeJS.ProcessEnv) {
  return loadConfig(NotificationSettings, options(env));
}

export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(NotificationSettings, options(env));
}

export type NotificationConfig = ReturnType<typeof loadNotificationConfig>;

/** `Name <no-reply@domain>` for a domain identity, `Name <address>` for an address identity. */
export function senderAddress(
  config: Pick<NotificationConfig, 'EMAIL_SENDER_IDENTITY' | 'EMAIL_SENDER_NAME'>,
): string {
  const identity = config.EMAIL_SENDER_IDENTITY ?? 'localhost';
  const address = identity.includes('@') ? identity : `no-reply@${identity}`;
  return `${config.EMAIL_SENDER_NAME.replace(/[<>"\r\n]/g, '')} <${address}>`;
}
