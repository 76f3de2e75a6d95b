/**
 * Process entry: config → database → bus → platform auth → buildApp → event consumers → listen.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import {
  createDeadLetterAdmin,
  createEventBus,
  sqsConsumerQueuesFromEnv,
  startEventConsumers,
} from '@b2b/shared/events';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { runService } from '@b2b/shared/http';
import { serviceCredentialHeaders } from '@b2b/shared/internal';
import { captureAwsClient } from '@b2b/shared/tracing';
import { buildApp } from './app.ts';
import { createAwsTransport } from './channels/ses-sns.ts';
import { createUserDirectory } from './clients/user-directory.ts';
import { loadNotificationConfig, senderAddress } from './config.ts';
import { recordEmailFeedback } from './domain/suppressions.ts';
import { notificationHandlers } from './events/handlers.ts';
import { reportsOf } from './feedback/ses-feedback.ts';
import { startSesFeedbackConsumer } from './feedback/sqs-feedback-consumer.ts';

const config = loadNotificationConfig();
const userUrl = config.serviceUrls['user'];
if (!userUrl || !config.JWKS_URL) {
  process.stderr.write('Invalid configuration for notification:\n  - SERVICE_URL_USER: is required\n');
  process.exit(1);
}
const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'notification' }));
const bus = createEventBus(config);
const credential = config.SERVICE_CREDENTIAL ?? '';
const revocations = startRevocationReader({
  url: userUrl,
  headers: () => (credential ? serviceCredentialHeaders(credential) : {}),
});
const auth = createPlatformAuth({ jwksUrl: config.JWKS_URL, revocations });
const directory = createUserDirectory({ baseUrl: userUrl, credential: credential || 'unset' });

const { app, ctx } = await buildApp({
  db: mongo.db,
  authPlugin: auth.plugin,
  directory,
  // Every consumer's queues (the CDK sets EVENT_QUEUE_URL_<C> / EVENT_DLQ_URL_<C> for the grant).
  deadLetters: createDeadLetterAdmin(config, {
    bus,
    sqsQueues: sqsConsumerQueuesFromEnv({ ...config }),
  }),
  transport:
    config.NOTIFICATION_TRANSPORT === 'aws'
      ? createAwsTransport({
          ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}),
          from: senderAddress(config),
          ...(config.SES_CONFIGURATION_SET ? { configurationSet: config.SES_CONFIGURATION_SET } : {}),
          ...(config.SMS_SENDER_ID ? { smsSenderId: config.SMS_SENDER_ID } : {}),
        })
      : undefined,
  publicBaseUrl: config.PUBLIC_BASE_URL ?? 'http://localhost:8080',
  logLevel: config.LOG_LEVEL,
});
registerFeedReadiness(app.readiness, revocations);
await startEventConsumers(app, {
  consumer: 'notification',
  bus,
  db: mongo.db,
  handlers: notificationHandlers(ctx),
  logger: app.log as never,
});
// SES bounces and complaints (AWS only; locally POST /admin/mailbox/feedback simulates them).
const feedback = config.SES_FEEDBACK_QUEUE_URL
  ? startSesFeedbackConsumer({
      sqs: captureAwsClient(new SQSClient(config.AWS_REGION ? { region: config.AWS_REGION } : {})),
      queueUrl: config.SES_FEEDBACK_QUEUE_URL,
      handle: async (notification) => void (await recordEmailFeedback(ctx, reportsOf(notification), 'ses')),
      log: app.log.child({ component: 'ses-feedback' }),
    })
  : undefined;
// Reverse order of start (the consumers stop first, in their own onClose hook).
app.addHook('onClose', async () => {
  await feedback?.stop();
  revocations.stop();
  directory.close();
  await bus.close();
  await mongo.close();
});
await revocations.refresh();
await runService(app, { port: config.PORT, host: config.HOST });
