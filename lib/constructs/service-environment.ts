/**
 * The container environment of one service: CONTRIBUTING.md's environment contract, built from
 * the catalogue. Pure (no constructs) so the test can check it and the bundle test can reuse it.
 */
import {
  type ConsumerName,
  consumers,
  deadLetterQueueUrlEnv,
  isConsumer,
  isProducer,
  queueUrlEnv,
  type ServiceName,
  secretsOfService,
  serviceNames,
  serviceSpec,
  services,
  serviceUrlEnv,
  topicArnEnv,
} from '@b2b/shared/catalogue';

/** Where the RDS CA bundle sits in the image (the Dockerfile downloads it there). */
export const RDS_CA_BUNDLE_PATH = '/etc/ssl/certs/rds-global-bundle.pem';
export const XRAY_DAEMON_ADDRESS = '127.0.0.1:2000';
/** Env var telling a service with the `ses-send` grant which SES identity it may send from. */
export const EMAIL_SENDER_IDENTITY_ENV = 'EMAIL_SENDER_IDENTITY';

export interface ServiceEnvironmentInput {
  readonly service: ServiceName;
  readonly region: string;
  /** Own topic ARN if the service produces events. */
  readonly topicArn?: string;
  /** Own queue URL if the service consumes events. */
  readonly queueUrl?: string;
  /** ARNs of the service's `arn`-delivered catalogue secrets, by SecretSpec id (`JwtSigningKeys`). */
  readonly secretArns?: Readonly<Record<string, string>>;
  /** SES identity, for services with the `ses-send` grant. */
  readonly emailSenderIdentity?: string;
  /** Every consumer's queue and DLQ URL, for services with the `dead-letter-redrive` grant. */
  readonly eventQueues?: Readonly<
    Partial<Record<ConsumerName, { queueUrl: string; deadLetterQueueUrl: string }>>
  >;
  /** api-gateway only: browser origins allowed to call the API. */
  readonly corsOrigins?: readonly string[];
  /** SES configuration set and the platform's public origin, for services with the `ses-send` grant. */
  readonly email?: {
    readonly configurationSet: string;
    readonly publicBaseUrl: string;
    /** The SES bounce/complaint queue, for services with the `ses-feedback` grant. */
    readonly feedbackQueueUrl?: string;
  };
}

/** Service Connect name of a service: the catalogue name, on the catalogue port. */
export function serviceConnectUrl(service: ServiceName): string {
  return `http://${service}:${services[service].port}`;
}

export function serviceEnvironment(input: ServiceEnvironmentInput): Record<string, string> {
  const { service } = input;
  const spec = services[service];
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    SERVICE_NAME: service,
    PORT: String(spec.port),
    HOST: '0.0.0.0',
    LOG_LEVEL: 'info',
    AWS_REGION: input.region,
    EVENT_BUS: 'sns-sqs',
    JWKS_URL: `${serviceConnectUrl('user')}/auth/jwks`,
    AWS_XRAY_DAEMON_ADDRESS: XRAY_DAEMON_ADDRESS,
  };
  // Every catalogue name, like the local runner: a planned service simply does not answer yet.
  for (const name of serviceNames) env[serviceUrlEnv(name)] = serviceConnectUrl(name);
  if (spec.database) {
    Object.assign(env, {
      MONGODB_DB_NAME: service,
      MONGODB_TLS_CA_FILE: RDS_CA_BUNDLE_PATH,
      MONGODB_REPLICA_SET: 'rs0',
    });
  }
  if (isProducer(service)) {
    if (!input.topicArn) throw new Error(`${service} produces events but no topic ARN was given`);
    env[topicArnEnv(service)] = input.topicArn;
  }
  if (isConsumer(service)) {
    if (!input.queueUrl) throw new Error(`${service} consumes events but no queue URL was given`);
    env.EVENT_QUEUE_URL = input.queueUrl;
  }
  for (const secret of secretsOfService(service)) {
    if (secret.delivery !== 'arn') continue;
    const arn = input.secretArns?.[secret.id];
    if (!arn) throw new Error(`${service} reads secret ${secret.id} by ARN but no ARN was given`);
    env[secret.env] = arn;
  }
  const aws = serviceSpec(service).aws;
  if (aws?.grants?.some((g) => g.kind === 'ses-send') && input.emailSenderIdentity) {
    env[EMAIL_SENDER_IDENTITY_ENV] = input.emailSenderIdentity;
    if (input.email) {
      env.SES_CONFIGURATION_SET = input.email.configurationSet;
      env.PUBLIC_BASE_URL = input.email.publicBaseUrl;
      if (aws.grants.some((g) => g.kind === 'ses-feedback')) {
        if (!input.email.feedbackQueueUrl)
          throw new Error(`${service} reads SES feedback but no queue URL was given`);
        env.SES_FEEDBACK_QUEUE_URL = input.email.feedbackQueueUrl;
      }
    }
  }
  if (aws?.grants?.some((g) => g.kind === 'dead-letter-redrive')) {
    for (const consumer of consumers) {
      const urls = input.eventQueues?.[consumer];
      if (!urls)
        throw new Error(`${service} redrives dead letters but no queue URLs were given for ${consumer}`);
      env[queueUrlEnv(consumer)] = urls.queueUrl;
      env[deadLetterQueueUrlEnv(consumer)] = urls.deadLetterQueueUrl;
    }
  }
  Object.assign(env, aws?.environment);
  if (input.corsOrigins) env.CORS_ORIGINS = input.corsOrigins.join(',');
  return env;
}

/** ECS secrets (from the service's own DocumentDB login secret) of a service that owns a database. */
export const documentDbSecretFields = {
  DOCDB_HOST: 'host',
  DOCDB_PORT: 'port',
  DOCDB_USERNAME: 'username',
  DOCDB_PASSWORD: 'password',
} as const;
