import { ConfigError } from '@b2b/shared/config';
import { describe, expect, it } from 'vitest';
import { parseUserConfig } from '../src/config.ts';

const production = {
  NODE_ENV: 'production',
  PORT: '3001',
  HOST: '0.0.0.0',
  EVENT_BUS: 'sns-sqs',
  AWS_REGION: 'eu-west-1',
  DOCDB_HOST: 'docdb.cluster.local',
  DOCDB_USERNAME: 'user',
  DOCDB_PASSWORD: 'from-secrets-manager',
  MONGODB_TLS_CA_FILE: '/etc/ssl/certs/rds-global-bundle.pem',
  JWT_KEYS_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:b2b/jwt-keys-AbCdEf',
  SERVICE_CREDENTIAL: 'a-generated-service-credential-of-43-chars-x',
};

describe('user service configuration', () => {
  it('accepts a complete production environment', () => {
    const config = parseUserConfig(production);
    expect(config.JWT_KEYS_SECRET_ARN).toBe(production.JWT_KEYS_SECRET_ARN);
    expect(config.DATA_DIR).toBeUndefined();
  });

  it('refuses production without the signing-key secret, and never falls back to a local key file', () => {
    const { JWT_KEYS_SECRET_ARN: _omitted, ...withoutKeys } = production;
    expect(() => parseUserConfig(withoutKeys)).toThrow(ConfigError);
    expect(() => parseUserConfig(withoutKeys)).toThrow(/JWT_KEYS_SECRET_ARN: is required in production/);
  });

  it('refuses production without the service credential (no default secret for /internal calls)', () => {
    const { SERVICE_CREDENTIAL: _omitted, ...withoutCredential } = production;
    expect(() => parseUserConfig(withoutCredential)).toThrow(/SERVICE_CREDENTIAL: is required in production/);
    expect(parseUserConfig(production).SERVICE_CREDENTIAL).toBe(production.SERVICE_CREDENTIAL);
  });

  it('refuses a malformed secret ARN', () => {
    expect(() => parseUserConfig({ ...production, JWT_KEYS_SECRET_ARN: 'jwt-keys' })).toThrow(
      /JWT_KEYS_SECRET_ARN/,
    );
  });

  it('defaults the key file to .data at the repository root when running locally', () => {
    const config = parseUserConfig({ NODE_ENV: 'development', MONGODB_URI: 'mongodb://127.0.0.1:27018/' });
    expect(config.DATA_DIR).toMatch(/\.data$/);
    expect(config.JWT_KEYS_RELOAD_SECONDS).toBe(60);
  });
});
