import type { DeadLetterAdmin } from '@b2b/shared/events';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import { createMailboxTransport } from './channels/mailbox.ts';
import type { OutboundTransport } from './channels/port.ts';
import type { NotificationContext, Repositories, SendRetryPolicy } from './domain/context.ts';
import type { RecipientDirectory } from './domain/recipients.ts';
import { DeliveryRepository } from './repositories/deliveries.ts';
import { InboxRepository } from './repositories/inbox.ts';
import { MailboxRepository } from './repositories/mailbox.ts';
import { OrderRefRepository } from './repositories/order-refs.ts';
import { PreferenceRepository } from './repositories/preferences.ts';
import { SuppressionRepository } from './repositories/suppressions.ts';
import { TemplateRepository } from './repositories/templates.ts';
import { adminArea } from './routes/admin-area.ts';
import { notificationRoutes } from './routes/notifications.ts';

export interface NotificationServiceDeps {
  db: Db;
  /** `createPlatformAuth(...).plugin`: request.auth and the guards. */
  authPlugin: FastifyPluginAsync;
  directory: RecipientDirectory;
  /** The event bus's dead letters (`createDeadLetterAdmin`): every consumer's, for the operations screen. */
  deadLetters: DeadLetterAdmin;
  /** SES/SNS in AWS; undefined → the development mailbox (and its /admin/mailbox routes). */
  transport?: OutboundTransport;
  /** PUBLIC_BASE_URL. */
  publicBaseUrl: string;
  sendRetry?: Partial<SendRetryPolicy>;
  now?: () => Date;
  logLevel?: string;
  logStream?: DestinationStream;
}

export interface NotificationApp {
  app: ServiceApp;
  /** What the event handlers run with (main.ts passes it to startEventConsumers). */
  ctx: NotificationContext;
}

/** The notification service: templates, preferences, deliveries, inbox and (locally) the mailbox. */
export async function buildApp(deps: NotificationServiceDeps): Promise<NotificationApp> {
  const app = createService({
    name: 'notification',
    logLevel: deps.logLevel,
    logStream: deps.logStream,
    openapi: {
      title: 'Notification service',
      version: '1.0.0',
      description: 'Templates, preferences, email (SES), SMS (SNS), in-app inbox and delivery log',
    },
  });
  const now = deps.now ?? (() => new Date());
  const repos: Repositories = {
    templates: new TemplateRepository(deps.db),
    preferences: new PreferenceRepository(deps.db),
    deliveries: new DeliveryRepository(deps.db),
    inbox: new InboxRepository(deps.db),
    mailbox: new MailboxRepository(deps.db),
    orderRefs: new OrderRefRepository(deps.db),
    suppressions: new SuppressionRepository(deps.db),
  };
  await Promise.all([
    repos.deliveries.ensureIndexes(),
    repos.inbox.ensureIndexes(),
    repos.mailbox.ensureIndexes(),
    repos.suppressions.ensureIndexes(),
  ]);
  const transport = deps.transport ?? createMailboxTransport(repos.mailbox, now);
  const ctx: NotificationContext = {
    repos,
    directory: deps.directory,
    transport,
    publicBaseUrl: deps.publicBaseUrl.replace(/\/+$/, ''),
    sendRetry: { retries: 4, baseMs: 200, maxMs: 5_000, ...deps.sendRetry },
    now,
    log: app.log.child({ component: 'delivery' }),
  };

  await app.register(deps.authPlugin);
  await app.register(notificationRoutes, { prefix: '/notifications', ctx });
  await app.register(adminArea, {
    prefix: '/admin',
    ctx,
    deadLetters: deps.deadLetters,
    withMailbox: transport.name === 'mailbox',
  });
  return { app, ctx };
}
