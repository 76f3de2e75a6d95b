import type { OutboundTransport } from '../channels/port.ts';
import type { DeliveryRepository } from '../repositories/deliveries.ts';
import type { InboxRepository } from '../repositories/inbox.ts';
import type { MailboxRepository } from '../repositories/mailbox.ts';
import type { OrderRefRepository } from '../repositories/order-refs.ts';
import type { PreferenceRepository } from '../repositories/preferences.ts';
import type { SuppressionRepository } from '../repositories/suppressions.ts';
import type { TemplateRepository } from '../repositories/templates.ts';
import type { RecipientDirectory } from './recipients.ts';

export interface Repositories {
  templates: TemplateRepository;
  preferences: PreferenceRepository;
  deliveries: DeliveryRepository;
  inbox: InboxRepository;
  mailbox: MailboxRepository;
  orderRefs: OrderRefRepository;
  suppressions: SuppressionRepository;
}

/** Retries of one provider call on throttling and other "not accepted" answers. */
export interface SendRetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
}

export interface Log {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Everything the use cases need, built once by buildApp. */
export interface NotificationContext {
  repos: Repositories;
  directory: RecipientDirectory;
  transport: OutboundTransport;
  /** Base of every link in a message (PUBLIC_BASE_URL), without a trailing slash. */
  publicBaseUrl: string;
  sendRetry: SendRetryPolicy;
  now: () => Date;
  log: Log;
}
