import type { Static } from 'typebox';
import type { EventDataSchemas } from './events/schemas.ts';

/**
 * The one catalogue of services and events. The CDK stacks, the api-gateway's routes, the local
 * runner and the tests all read it: adding a service or an event is one declaration here.
 */

export interface ServiceSpec {
  /** Container / process port. Locally each service listens on this port on 127.0.0.1. */
  readonly port: number;
  /** `live` services have code under services/<name>; `planned` ones are declared but not built yet. */
  readonly status: 'live' | 'planned';
  /** Behind the ALB (api-gateway, admin-dashboard, customer-portal) or private (Service Connect). */
  readonly public: boolean;
  /** ALB path patterns this service answers (public services only); `*` is the default action. */
  readonly loadBalancerPaths: readonly string[];
  /** ALB listener rule priority (lower wins); the default target has none. */
  readonly loadBalancerPriority?: number;
  /** Public API areas under /api/v1 that the api-gateway forwards to this service. */
  readonly apiAreas: readonly string[];
  /** Fargate task size. */
  readonly cpu: 256 | 512 | 1024 | 2048;
  readonly memoryMiB: number;
  /** Autoscaling bounds per environment. */
  readonly scaling: {
    readonly dev: { min: number; max: number };
    readonly prod: { min: number; max: number };
  };
  readonly healthPath: string;
  /** Owns a database on the DocumentDB cluster (database-per-service). */
  readonly database: boolean;
  /** What the service needs from AWS besides its database, topic and queue: data, no `if`s in the stack. */
  readonly aws?: ServiceAwsNeeds;
  readonly description: string;
}

/**
 * A Secrets Manager secret the services stack creates (one per entry). Stateful: its CloudFormation
 * logical id is pinned to `<id>Secret`, so renaming `id` would replace the secret.
 */
export interface SecretSpec {
  /** PascalCase construct id, e.g. `StripeApiKey` → logical id `StripeApiKeySecret`. */
  readonly id: string;
  readonly description: string;
  /**
   * `value`: ECS injects the value into env var `env` at task start (nothing to fetch, no SDK).
   * `arn`: env var `env` holds the secret's ARN; the service reads it itself (and writes it, with
   * `serviceWrites`), for values that change while tasks run.
   */
  readonly delivery: 'value' | 'arn';
  readonly env: string;
  /**
   * `generated`: a random value from Secrets Manager at creation. `operator`: a placeholder an
   * operator replaces with the provider's key (docs/deploy.md). `service`: a non-JSON marker the
   * service replaces on first start.
   */
  readonly initialValue: 'generated' | 'operator' | 'service';
  /** The service's task role may write the secret (it rotates what it holds itself). */
  readonly serviceWrites?: boolean;
  /** Why Secrets Manager's scheduled rotation is not used (reviewed like any cdk-nag acknowledgement). */
  readonly noRotationReason: string;
}

/** A permission beyond the service's own topic and queue, resolved by the services stack. */
export type AwsGrant =
  /** ses:SendEmail / SendRawEmail from the deployment's sender identity only (EMAIL_SENDER_IDENTITY). */
  | { readonly kind: 'ses-send' }
  /** sns:Publish straight to phone numbers (SMS); publishing to topics other than its own stays denied. */
  | { readonly kind: 'sms-publish' }
  /**
   * Consumes the SES bounce/complaint feedback queue (configuration set → SNS topic → SQS queue with
   * DLQ, created with the SES resources); its URL arrives in SES_FEEDBACK_QUEUE_URL. Needs `ses-send`.
   */
  | { readonly kind: 'ses-feedback' }
  /**
   * Operates the event bus's dead letters (GET/POST /admin/dead-letters): inspect and redrive every
   * consumer's DLQ back to its queue. Queue URLs arrive in EVENT_QUEUE_URL_<C> / EVENT_DLQ_URL_<C>.
   */
  | { readonly kind: 'dead-letter-redrive' };

export interface ServiceAwsNeeds {
  /** Secrets of this service alone. */
  readonly secrets?: readonly SecretSpec[];
  /** Platform-wide secrets it receives (one secret, many services): keys of `platformSecrets`. */
  readonly sharedSecrets?: readonly PlatformSecretName[];
  readonly grants?: readonly AwsGrant[];
  /** Extra plain (non-secret) container environment. */
  readonly environment?: Readonly<Record<string, string>>;
}

/** Secrets shared by several services; the services stack creates each one once. */
export const platformSecrets = {
  'service-credential': {
    id: 'ServiceCredential',
    description: "Shared credential platform services present on calls to each other's /internal/* routes",
    delivery: 'value',
    env: 'SERVICE_CREDENTIAL',
    initialValue: 'generated',
    noRotationReason:
      'ECS injects the credential at task start, so a rotation takes effect only when every backend ' +
      'service restarts together; docs/deploy.md describes rotating it with one forced redeploy.',
  },
} as const satisfies Record<string, SecretSpec>;

export type PlatformSecretName = keyof typeof platformSecrets;

/** Every backend service serves or calls /internal/* routes; the web apps call only the public API. */
const backendAws = { sharedSecrets: ['service-credential'] } as const satisfies ServiceAwsNeeds;

const backendScaling = { dev: { min: 1, max: 2 }, prod: { min: 2, max: 6 } } as const;
const webScaling = { dev: { min: 1, max: 2 }, prod: { min: 2, max: 4 } } as const;

export const services = {
  'api-gateway': {
    port: 3000,
    status: 'live',
    public: true,
    loadBalancerPaths: ['/api/*'],
    loadBalancerPriority: 10,
    apiAreas: [],
    cpu: 512,
    memoryMiB: 1024,
    scaling: { dev: { min: 1, max: 2 }, prod: { min: 2, max: 8 } },
    healthPath: '/health',
    database: false,
    aws: backendAws,
    description: 'Single entry for /api/*: routing, JWT verification, rate limiting, CORS, merged OpenAPI',
  },
  user: {
    port: 3001,
    status: 'live',
    public: false,
    loadBalancerPaths: [],
    apiAreas: ['auth', 'users', 'companies', 'admin/users', 'admin/companies'],
    cpu: 512,
    memoryMiB: 1024,
    scaling: backendScaling,
    healthPath: '/health',
    database: true,
    aws: {
      ...backendAws,
      secrets: [
        {
          id: 'JwtSigningKeys',
          description: 'JWT signing key set of the user service (written by the service on first start)',
          delivery: 'arn',
          env: 'JWT_KEYS_SECRET_ARN',
          initialValue: 'service',
          serviceWrites: true,
          noRotationReason:
            'The user service rotates its JWT signing keys itself (new key, overlap window for the old ' +
            'one published in the JWKS); a Secrets Manager rotation Lambda would break verification.',
        },
      ],
    },
    description: 'Users, companies and members, credentials, refresh tokens, addresses, roles',
  },
  product: {
    port: 3002,
    status: 'live',
    public: false,
    loadBalancerPaths: [],
    apiAreas: [
      'products',
      'categories',
      'media',
      'admin/products',
      'admin/categories',
      'admin/inventory',
      'admin/price-lists',
    ],
    cpu: 512,
    memoryMiB: 1024,
    scaling: backendScaling,
    healthPath: '/health',
    database: true,
    aws: {
      ...backendAws,
      secrets: [
        {
          id: 'CloudinaryUrl',
          description:
            'Cloudinary API environment variable (cloudinary://key:secret@cloud) for product images',
          delivery: 'value',
          env: 'CLOUDINARY_URL',
          initialValue: 'operator',
          noRotationReason:
            'The Cloudinary key is issued in the Cloudinary console; an operator replaces it there and ' +
            'puts the new value here (docs/deploy.md), no AWS rotation function can create one.',
        },
      ],
    },
    description: 'Products, categories, price lists and tiers, inventory and reservations, images',
  },
  order: {
    port: 3003,
    status: 'live',
    public: false,
    loadBalancerPaths: [],
    apiAreas: [
      'cart',
      'orders',
      'admin/orders',
      'admin/analytics',
      // B2B buying tools (api.md)
      'shopping-lists',
      'quotes',
      'admin/quotes',
      'approval-rules',
      'cost-centers',
      'budgets',
    ],
    cpu: 512,
    memoryMiB: 1024,
    scaling: backendScaling,
    healthPath: '/health',
    database: true,
    aws: backendAws,
    description: 'Carts, orders and their saga, approvals, sales analytics',
  },
  payment: {
    port: 3004,
    status: 'live',
    public: false,
    loadBalancerPaths: [],
    // `companies/me/credit` (longest area wins over the user service's `companies`); `webhooks`
    // carries Stripe's signed notifications (no bearer token: the signature authenticates).
    apiAreas: ['payments', 'invoices', 'admin/invoices', 'admin/payments', 'companies/me/credit', 'webhooks'],
    cpu: 256,
    memoryMiB: 512,
    scaling: backendScaling,
    healthPath: '/health',
    database: true,
    aws: {
      ...backendAws,
      secrets: [
        {
          id: 'StripeSecretKey',
          description: 'Stripe secret API key of the payment service',
          delivery: 'value',
          env: 'STRIPE_SECRET_KEY',
          initialValue: 'operator',
          noRotationReason:
            'Stripe secret keys are rolled in the Stripe dashboard; an operator stores the new key here ' +
            '(docs/deploy.md) and redeploys, as no AWS rotation function can issue a Stripe key.',
        },
        {
          id: 'StripeWebhookSecret',
          description: "Signing secret of the payment service's Stripe webhook endpoint (whsec_…)",
          delivery: 'value',
          env: 'STRIPE_WEBHOOK_SECRET',
          initialValue: 'operator',
          noRotationReason:
            'The webhook signing secret is rolled in the Stripe dashboard (with an overlap window); an ' +
            'operator stores the new one here and redeploys, as no AWS rotation function can issue it.',
        },
      ],
      // The deployed platform charges cards through Stripe; the sandbox is for laptops and tests.
      environment: { PAYMENT_PROVIDER: 'stripe' },
    },
    description: 'Payments, transactions, refunds, invoices and company credit',
  },
  search: {
    port: 3005,
    status: 'live',
    public: false,
    loadBalancerPaths: [],
    apiAreas: ['search'],
    cpu: 512,
    memoryMiB: 1024,
    scaling: backendScaling,
    healthPath: '/health',
    database: true,
    aws: backendAws,
    description: 'Product search index: full text, facets, suggestions',
  },
  notification: {
    port: 3006,
    status: 'live',
    public: false,
    loadBalancerPaths: [],
    apiAreas: [
      'notifications',
      'admin/notification-templates',
      'admin/notifications',
      'admin/mailbox',
      'admin/email-suppressions',
      // The operations screens live here (delivery log, mailbox): the event bus's dead letters too.
      'admin/dead-letters',
    ],
    cpu: 256,
    memoryMiB: 512,
    scaling: backendScaling,
    healthPath: '/health',
    database: true,
    aws: {
      ...backendAws,
      grants: [
        { kind: 'ses-send' },
        { kind: 'ses-feedback' },
        { kind: 'sms-publish' },
        { kind: 'dead-letter-redrive' },
      ],
      // SES + SNS in AWS (the services stack adds the configuration set and PUBLIC_BASE_URL).
      environment: { NOTIFICATION_TRANSPORT: 'aws' },
    },
    description: 'Templates, preferences, email (SES), SMS (SNS), in-app inbox, delivery log',
  },
  'admin-dashboard': {
    port: 3007,
    status: 'live',
    public: true,
    loadBalancerPaths: ['/admin', '/admin/*'],
    loadBalancerPriority: 20,
    apiAreas: [],
    cpu: 256,
    memoryMiB: 512,
    scaling: webScaling,
    healthPath: '/health',
    database: false,
    description: 'Back-office web app for the supplier staff',
  },
  'customer-portal': {
    port: 3008,
    status: 'live',
    public: true,
    loadBalancerPaths: ['*'],
    apiAreas: [],
    cpu: 256,
    memoryMiB: 512,
    scaling: webScaling,
    healthPath: '/health',
    database: false,
    description: 'Buyer web app',
  },
} as const satisfies Record<string, ServiceSpec>;

export type ServiceName = keyof typeof services;
export const serviceNames = Object.keys(services) as ServiceName[];

/** Services that have code and are run locally, bundled and deployed. */
export function liveServices(): ServiceName[] {
  return serviceNames.filter((name) => services[name].status === 'live');
}

export function serviceSpec(name: ServiceName): ServiceSpec {
  return services[name];
}

/** The Secrets Manager secrets a service receives: the platform-wide ones it names, then its own. */
export function secretsOfService(name: ServiceName): readonly SecretSpec[] {
  const aws = serviceSpec(name).aws;
  return [...(aws?.sharedSecrets ?? []).map((shared) => platformSecrets[shared]), ...(aws?.secrets ?? [])];
}

/** The service owning a public API path (`/api/v1/<area>/...`), longest area first. */
export function serviceForApiPath(pathAfterV1: string): ServiceName | undefined {
  let start = 0;
  while (pathAfterV1.charCodeAt(start) === 47 /* / */) start++;
  // Longest area first, so the first match is the most specific one. Runs on every request the
  // gateway forwards: no strings are built to compare.
  for (const { area, name } of apiAreasLongestFirst) {
    if (!pathAfterV1.startsWith(area, start)) continue;
    const next = pathAfterV1.charCodeAt(start + area.length);
    if (Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */) return name;
  }
  return undefined;
}

const apiAreasLongestFirst: readonly { area: string; name: ServiceName }[] = serviceNames
  .flatMap((name) => services[name].apiAreas.map((area) => ({ area, name })))
  .sort((a, b) => b.area.length - a.area.length);

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** Services that produce events own one SNS topic each: `<producer>-events`. */
export type ProducerName = 'user' | 'product' | 'order' | 'payment';
/** Services that consume events own one SQS queue each (with a DLQ). */
export type ConsumerName = 'order' | 'product' | 'payment' | 'search' | 'notification';

export interface EventSpec {
  readonly producer: ProducerName;
  readonly consumers: readonly ConsumerName[];
  readonly description: string;
}

export const events = {
  'user.registered': { producer: 'user', consumers: ['notification'], description: 'welcome email' },
  'user.invited': {
    producer: 'user',
    consumers: ['notification'],
    description: 'set-password email to a new company member',
  },
  'user.password_reset_requested': {
    producer: 'user',
    consumers: ['notification'],
    description: 'reset email',
  },
  'company.updated': {
    producer: 'user',
    consumers: ['product', 'order', 'payment'],
    description: 'full company snapshot: price lists, credit, holds',
  },
  'member.updated': {
    producer: 'user',
    consumers: ['order'],
    description: 'full member snapshot: approvals and budgets',
  },
  'member.removed': {
    producer: 'user',
    consumers: ['order'],
    description: 'last member snapshot: approvals and budgets',
  },
  'product.created': {
    producer: 'product',
    consumers: ['search', 'order'],
    description: 'full product snapshot: search index',
  },
  'product.updated': {
    producer: 'product',
    consumers: ['search', 'order'],
    description: 'full product snapshot: search index; cart price refresh',
  },
  'product.archived': {
    producer: 'product',
    consumers: ['search', 'order'],
    description: 'full product snapshot (status archived): search index; cart price refresh',
  },
  'inventory.reserved': { producer: 'product', consumers: ['order'], description: 'saga step result' },
  'inventory.rejected': { producer: 'product', consumers: ['order'], description: 'saga step result' },
  'inventory.low_stock': { producer: 'product', consumers: ['notification'], description: 'alert to admins' },
  'order.placed': {
    producer: 'order',
    consumers: ['product', 'payment', 'notification'],
    description: 'saga start: reserve stock, authorize payment',
  },
  'order.awaiting_approval': {
    producer: 'order',
    consumers: ['notification'],
    description: 'tell approvers',
  },
  'order.confirmed': {
    producer: 'order',
    // Not payment: its invoice is issued on order.shipped (the capture). Routed to it, every
    // confirmation was deleted unhandled, with no record that it ever arrived.
    consumers: ['product', 'notification'],
    description: 'the stock reservation stops expiring; the buyer is told',
  },
  'order.cancelled': {
    producer: 'order',
    consumers: ['product', 'payment', 'notification'],
    description: 'compensation: release stock, void or refund',
  },
  'order.rejected': {
    producer: 'order',
    consumers: ['product', 'payment', 'notification'],
    description: 'compensation: release stock, void or refund',
  },
  'order.shipped': {
    producer: 'order',
    consumers: ['product', 'payment', 'notification'],
    description: 'capture; tracking email; reserved stock leaves the warehouse',
  },
  'order.delivered': { producer: 'order', consumers: ['notification'], description: 'delivery notice' },
  'payment.authorized': { producer: 'payment', consumers: ['order'], description: 'saga step result' },
  'payment.declined': { producer: 'payment', consumers: ['order'], description: 'saga step result' },
  'payment.captured': {
    producer: 'payment',
    consumers: ['order', 'notification'],
    description: 'payment captured',
  },
  'payment.refunded': {
    producer: 'payment',
    consumers: ['order', 'notification'],
    description: 'refund issued',
  },
  'invoice.issued': { producer: 'payment', consumers: ['notification'], description: 'invoice email' },
  'invoice.overdue': {
    producer: 'payment',
    consumers: ['notification'],
    description: 'reminder: an invoice is past its due date',
  },
  'quote.requested': { producer: 'order', consumers: ['notification'], description: 'tell the supplier' },
  'quote.offered': { producer: 'order', consumers: ['notification'], description: 'tell the requester' },
  'quote.accepted': { producer: 'order', consumers: ['notification'], description: 'tell the supplier' },
  'quote.declined': { producer: 'order', consumers: ['notification'], description: 'tell the supplier' },
  'quote.expired': { producer: 'order', consumers: ['notification'], description: 'tell both sides' },
  'quote.message_posted': {
    producer: 'order',
    consumers: ['notification'],
    description: 'a message in the thread: tell the other side',
  },
} as const satisfies Record<string, EventSpec>;

export type EventType = keyof typeof events;
export const eventTypes = Object.keys(events) as EventType[];

export const producers: readonly ProducerName[] = [...new Set(eventTypes.map((t) => events[t].producer))];
export const consumers: readonly ConsumerName[] = [
  ...new Set(eventTypes.flatMap((t) => events[t].consumers as readonly ConsumerName[])),
];

/**
 * Receives after which a message that keeps failing goes to its dead-letter queue: the SQS redrive
 * policy of every queue (CDK) and the document-store bus use this one number.
 */
export const MAX_RECEIVES = 5;

/** SNS topic name (AWS) / fan-out source (local bus) of a producer. */
export function topicName(producer: ProducerName): string {
  return `${producer}-events`;
}

/** SQS queue name (AWS) / queue collection (local bus) of a consumer. */
export function queueName(consumer: ConsumerName): string {
  return `${consumer}-queue`;
}

/** Event types a consumer subscribes to (the SNS filter policy on `type`). */
export function eventsConsumedBy(consumer: ConsumerName): EventType[] {
  return eventTypes.filter((t) => (events[t].consumers as readonly string[]).includes(consumer));
}

/** Event types a producer publishes. */
export function eventsProducedBy(producer: ProducerName): EventType[] {
  return eventTypes.filter((t) => events[t].producer === producer);
}

/** Topics a consumer's queue subscribes to. */
export function topicsConsumedBy(consumer: ConsumerName): ProducerName[] {
  return [...new Set(eventsConsumedBy(consumer).map((t) => events[t].producer))];
}

// ---------------------------------------------------------------------------------------------
// Event payloads: `data` of the envelope, per type. A misspelt type fails the typecheck.
// ---------------------------------------------------------------------------------------------

export interface MoneyJson {
  amount: string;
  currency: string;
}

/**
 * The TS type of each event's `data`, derived from its run-time schema (`events/schemas.ts`), so a
 * payload is defined once and checked both at compile time and when produced and consumed.
 */
export type EventPayloads = { [T in keyof EventDataSchemas]: Static<EventDataSchemas[T]> };

// Compile-time check: every catalogued event has a payload type and vice versa.
type Missing = Exclude<EventType, keyof EventPayloads> | Exclude<keyof EventPayloads, EventType>;
const _everyEventHasAPayload: Missing extends never ? true : Missing = true;
void _everyEventHasAPayload;

// ---------------------------------------------------------------------------------------------
// Environment contract shared by the local runner, the CDK services stack and the services.
// ---------------------------------------------------------------------------------------------

/** Env var holding the base URL of a service (`http://127.0.0.1:3001` locally, `http://user:3001` in AWS). */
export function serviceUrlEnv(name: ServiceName): string {
  return `SERVICE_URL_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** Env var holding the SNS topic ARN of a producer (AWS only). */
export function topicArnEnv(producer: ProducerName): string {
  return `EVENT_TOPIC_ARN_${producer.toUpperCase()}`;
}

/** Env var holding a consumer's queue URL for the dead-letter admin (AWS only; a consumer reads its own from EVENT_QUEUE_URL). */
export function queueUrlEnv(consumer: ConsumerName): string {
  return `EVENT_QUEUE_URL_${consumer.toUpperCase()}`;
}

/** Env var holding a consumer's dead-letter queue URL for the dead-letter admin (AWS only). */
export function deadLetterQueueUrlEnv(consumer: ConsumerName): string {
  return `EVENT_DLQ_URL_${consumer.toUpperCase()}`;
}

/** Whether a service name is also a consumer of events (has a queue). */
export function isConsumer(name: string): name is ConsumerName {
  return (consumers as readonly string[]).includes(name);
}

/** Whether a service name is also a producer of events (has a topic). */
export function isProducer(name: string): name is ProducerName {
  return (producers as readonly string[]).includes(name);
}
