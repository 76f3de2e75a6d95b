/**
 * Schema fragments for the environment contract of CONTRIBUTING.md. Services compose them:
 * `Type.Object({ ...baseSettings, MY_SETTING: Type.String() })`.
 * Schema `default`s apply everywhere (harmless values only: a log level); values that only make
 * sense on a laptop go into `loadConfig`'s `localDefaults`, which production ignores.
 */
import { Type } from 'typebox';

/** Marks a setting as secret: its value is never printed and it may never have a default. */
export function Secret(options: { minLength?: number; description?: string } = {}) {
  return Type.String({ minLength: options.minLength ?? 1, description: options.description, secret: true });
}

/** An absolute http(s) URL. */
export function HttpUrl(description?: string) {
  return Type.String({ pattern: '^https?://[^\\s/$.?#][^\\s]*$', description });
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const coreSettings = {
  NODE_ENV: Type.Union([Type.Literal('production'), Type.Literal('development'), Type.Literal('test')], {
    default: 'development',
  }),
  SERVICE_NAME: Type.String({ minLength: 1, pattern: '^[a-z][a-z0-9-]*$' }),
  PORT: Type.Integer({ minimum: 1, maximum: 65535 }),
  HOST: Type.String({ minLength: 1 }),
  LOG_LEVEL: Type.Union(
    logLevels.map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  AWS_REGION: Type.Optional(Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' })),
  /** `host:port` of the X-Ray daemon; tracing is off when unset. */
  AWS_XRAY_DAEMON_ADDRESS: Type.Optional(Type.String({ pattern: '^[^\\s:]+:\\d{1,5}$' })),
  /** Defaults to `${SERVICE_URL_USER}/auth/jwks` when SERVICE_URL_USER is set. */
  JWKS_URL: Type.Optional(HttpUrl()),
};

const databaseSettings = {
  /** May embed credentials: treated as a secret. */
  MONGODB_URI: Type.Optional(
    Type.String({ pattern: '^mongodb(\\+srv)?://', secret: true, description: 'full connection string' }),
  ),
  /** Defaults to SERVICE_NAME (database per service). */
  MONGODB_DB_NAME: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_-]+$' })),
  DOCDB_HOST: Type.Optional(Type.String({ minLength: 1 })),
  DOCDB_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  DOCDB_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  DOCDB_PASSWORD: Type.Optional(Secret()),
  MONGODB_TLS_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
  MONGODB_REPLICA_SET: Type.Optional(Type.String({ minLength: 1 })),
};

const eventBusSettings = {
  EVENT_BUS: Type.Optional(Type.Union([Type.Literal('sns-sqs'), Type.Literal('docstore')])),
  /** docstore bus only; defaults to MONGODB_URI. May embed credentials. */
  EVENT_BUS_MONGODB_URI: Type.Optional(Type.String({ pattern: '^mongodb(\\+srv)?://', secret: true })),
  EVENT_QUEUE_URL: Type.Optional(HttpUrl()),
  /** Handlers a consumer runs at once (its messages in flight); default 4. */
  EVENT_CONSUMER_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
};

/** Every fixed variable of the environment contract. `SERVICE_URL_*` and `EVENT_TOPIC_ARN_*` are read by pattern. */
export const baseSettings = { ...coreSettings, ...databaseSettings, ...eventBusSettings };
