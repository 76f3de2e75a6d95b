import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  baseSettings,
  ConfigError,
  loadConfig,
  requireDatabase,
  requireEventBus,
  Secret,
} from '@b2b/shared/config';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';

const schema = Type.Object({
  ...baseSettings,
  PAYMENT_WEBHOOK_SECRET: Secret(),
  MAX_PAGE: Type.Integer({ minimum: 1, default: 100 }),
  FEATURE_INVOICES: Type.Boolean({ default: false }),
});

const productionEnv = {
  NODE_ENV: 'production',
  SERVICE_NAME: 'payment',
  PORT: '3004',
  HOST: '0.0.0.0',
  DOCDB_HOST: 'cluster.docdb.amazonaws.com',
  DOCDB_USERNAME: 'app',
  DOCDB_PASSWORD: 's3cr3t-docdb-pw',
  MONGODB_TLS_CA_FILE: '/etc/ssl/certs/rds-global-bundle.pem',
  EVENT_BUS: 'sns-sqs',
  AWS_REGION: 'eu-west-1',
  EVENT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/payment',
  EVENT_TOPIC_ARN_ORDER: 'arn:aws:sns:eu-west-1:123456789012:order-events',
  SERVICE_URL_USER: 'http://user:3001',
  PAYMENT_WEBHOOK_SECRET: 'whsec-very-secret',
};

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig in production', () => {
  it('returns typed, coerced values and derived defaults', () => {
    const config = loadConfig(schema, { env: { ...productionEnv, FEATURE_INVOICES: 'true' } });
    expect(config.PORT).toBe(3004);
    expect(config.FEATURE_INVOICES).toBe(true);
    expect(config.MAX_PAGE).toBe(100);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.MONGODB_DB_NAME).toBe('payment');
    expect(config.JWKS_URL).toBe('http://user:3001/auth/jwks');
    expect(config.serviceUrls).toEqual({ user: 'http://user:3001' });
    expect(config.eventTopicArns).toEqual({ order: 'arn:aws:sns:eu-west-1:123456789012:order-events' });
  });

  it('refuses to start without a secret and names it', () => {
    const { PAYMENT_WEBHOOK_SECRET: _, ...env } = productionEnv;
    const err = configErrorOf(() => loadConfig(schema, { env }));
    expect(err.message).toContain('PAYMENT_WEBHOOK_SECRET');
    expect(err.problems.map((p) => p.variable)).toEqual(['PAYMENT_WEBHOOK_SECRET']);
  });

  it('names every offending variable at once and never prints a secret value', () => {
    const env = {
      ...productionEnv,
      PORT: '80x',
      HOST: '',
      LOG_LEVEL: 'loud',
      PAYMENT_WEBHOOK_SECRET: '',
      MONGODB_URI: 'postgres://admin:hunter2-password@db',
      SERVICE_URL_ORDER: 'not a url',
    };
    const err = configErrorOf(() => loadConfig(schema, { env }));
    const names = err.problems.map((p) => p.variable).sort();
    expect(names).toEqual(
      ['HOST', 'LOG_LEVEL', 'MONGODB_URI', 'PAYMENT_WEBHOOK_SECRET', 'PORT', 'SERVICE_URL_ORDER'].sort(),
    );
    expect(err.message).toContain('PORT: ');
    expect(err.message).toContain('"80x"');
    expect(err.message).toContain('must be one of fatal, error, warn, info, debug, trace, silent');
    expect(err.message).not.toContain('hunter2-password');
    expect(err.message).toContain('MONGODB_URI');
  });

  it('ignores local defaults in production', () => {
    const { HOST: _h, PORT: _p, ...env } = productionEnv;
    const err = configErrorOf(() =>
      loadConfig(schema, { env, localDefaults: { HOST: '127.0.0.1', PORT: '1' } }),
    );
    expect(err.problems.map((p) => p.variable).sort()).toEqual(['HOST', 'PORT']);
  });

  it('rejects an integer given as a decimal instead of truncating it', () => {
    const err = configErrorOf(() => loadConfig(schema, { env: { ...productionEnv, PORT: '3004.5' } }));
    expect(err.problems).toEqual([{ variable: 'PORT', message: expect.stringContaining('"3004.5"') }]);
  });

  it('applies the database and event bus rules', () => {
    const { DOCDB_PASSWORD: _, AWS_REGION: _r, ...env } = productionEnv;
    const err = configErrorOf(() =>
      loadConfig(schema, { env, rules: [requireDatabase, requireEventBus({ consumer: true })] }),
    );
    expect(err.problems.map((p) => p.variable).sort()).toEqual(['AWS_REGION', 'DOCDB_PASSWORD']);
    expect(err.message).not.toContain('s3cr3t');
  });

  it('requires the DocumentDB CA bundle in production, so credentials never travel without TLS', () => {
    const { MONGODB_TLS_CA_FILE: _ca, ...env } = productionEnv;
    const err = configErrorOf(() => loadConfig(schema, { env, rules: [requireDatabase] }));
    expect(err.problems.map((p) => p.variable)).toEqual(['MONGODB_TLS_CA_FILE']);
    // Locally the embedded server has no TLS, and that is fine.
    const local = { ...env, NODE_ENV: 'development' };
    expect(() => loadConfig(schema, { env: local, rules: [requireDatabase] })).not.toThrow();
  });

  it('names a malformed URL variable without printing a password it carries', () => {
    const err = configErrorOf(() =>
      loadConfig(schema, { env: { ...productionEnv, SERVICE_URL_USER: 'ftp://svc:hunter2-pw@user:3001' } }),
    );
    expect(err.problems.map((p) => p.variable)).toEqual(['SERVICE_URL_USER']);
    expect(err.message).toContain('SERVICE_URL_USER');
    expect(err.message).not.toContain('hunter2');
  });

  it('accepts MONGODB_URI instead of the DocumentDB parts', () => {
    const env = {
      ...productionEnv,
      DOCDB_HOST: '',
      DOCDB_USERNAME: '',
      DOCDB_PASSWORD: '',
      MONGODB_URI: 'mongodb://a:b@db:27017',
    };
    const config = loadConfig(schema, { env, rules: [requireDatabase] });
    expect(config.MONGODB_URI).toBe('mongodb://a:b@db:27017');
    expect(config.DOCDB_PASSWORD).toBeUndefined();
  });
});

describe('loadConfig locally', () => {
  it('fills local defaults from the catalogue and the caller, but never secrets', () => {
    const local = Type.Object({ ...baseSettings, GREETING: Type.String() });
    const config = loadConfig(local, {
      env: { NODE_ENV: 'development', SERVICE_NAME: 'user', MONGODB_URI: 'mongodb://127.0.0.1:27017' },
      localDefaults: { GREETING: 'hello' },
      rules: [requireDatabase, requireEventBus()],
    });
    expect(config.PORT).toBe(3001);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.EVENT_BUS).toBe('docstore');
    expect(config.EVENT_BUS_MONGODB_URI).toBe('mongodb://127.0.0.1:27017');
    expect(config.GREETING).toBe('hello');
    expect(config.serviceUrls['api-gateway']).toBe('http://127.0.0.1:3000');
    expect(config.JWKS_URL).toBe('http://127.0.0.1:3001/auth/jwks');
  });

  it('still requires a secret locally (no default secrets)', () => {
    const err = configErrorOf(() =>
      loadConfig(schema, { env: { NODE_ENV: 'development', SERVICE_NAME: 'payment' } }),
    );
    expect(err.problems.map((p) => p.variable)).toEqual(['PAYMENT_WEBHOOK_SECRET']);
  });

  it('refuses a schema that gives a secret a default or a local default', () => {
    const withDefault = Type.Object({ TOKEN: Type.String({ secret: true, default: 'changeme' }) });
    expect(() => loadConfig(withDefault, { env: {} })).toThrow(/secret TOKEN must not have a default/);
    const local = Type.Object({ TOKEN: Secret() });
    expect(() => loadConfig(local, { env: {}, localDefaults: { TOKEN: 'x' } })).toThrow(/local default/);
  });
});

describe('exitOnConfigError', () => {
  it('prints the named variable without a stack trace and exits 1', { timeout: 60_000 }, () => {
    const fixture = fileURLToPath(new URL('./config/exit-fixture.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', SERVICE_NAME: 'user', PORT: '3001' },
      encoding: 'utf8',
      timeout: 40_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('HOST: is required but not set');
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
