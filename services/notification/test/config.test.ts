/** Production never falls back to local defaults: no links to localhost, no mailbox, no sender guess. */
import { consumers } from '@b2b/shared/catalogue';
import { ConfigError } from '@b2b/shared/config';
import { describe, expect, it } from 'vitest';
import { parseNotificationConfig, senderAddress } from '../src/config.ts';

const production = {
  NODE_ENV: 'production',
  PORT: '3006',
  HOST: '0.0.0.0',
  EVENT_BUS: 'sns-sqs',
  EVENT_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/b2b-prod-notification-queue',
  AWS_REGION: 'eu-west-1',
  DOCDB_HOST: 'docdb.cluster.local',
  DOCDB_USERNAME: 'user',
  DOCDB_PASSWORD: 'from-secrets-manager',
  MONGODB_TLS_CA_FILE: '/etc/ssl/certs/rds-global-bundle.pem',
  SERVICE_CREDENTIAL: 'a-generated-service-credential-of-43-chars-x',
  SERVICE_URL_USER: 'http://user:3001',
  NOTIFICATION_TRANSPORT: 'aws',
  PUBLIC_BASE_URL: 'https://shop.example.com',
  EMAIL_SENDER_IDENTITY: 'shop.example.com',
  SES_CONFIGURATION_SET: 'b2b-prod-notifications',
  SES_FEEDBACK_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/b2b-prod-ses-feedback',
  // Every consumer's queues, for the dead-letter screen (the CDK's dead-letter-redrive grant).
  ...Object.fromEntries(
    consumers.flatMap((c) => [
      [
        `EVENT_QUEUE_URL_${c.toUpperCase()}`,
        `https://sqs.eu-west-1.amazonaws.com/123456789012/b2b-prod-${c}-queue`,
      ],
      [
        `EVENT_DLQ_URL_${c.toUpperCase()}`,
        `https://sqs.eu-west-1.amazonaws.com/123456789012/b2b-prod-${c}-queue-dlq`,
      ],
    ]),
  ),
};

describe('notification configuration', () => {
  it('accepts a complete production environment', () => {
    const config = parseNotificationConfig(production);
    expect(config.PUBLIC_BASE_URL).toBe('https://shop.example.com');
    expect(senderAddress(config)).toBe('B2B Commerce <no-reply@shop.example.com>');
    expect(senderAddress({ ...config, EMAIL_SENDER_IDENTITY: 'orders@example.com' })).toBe(
      'B2B Commerce <orders@example.com>',
    );
  });

  it.each([
    ['PUBLIC_BASE_URL', /PUBLIC_BASE_URL: is required in production/],
    ['EMAIL_SENDER_IDENTITY', /EMAIL_SENDER_IDENTITY: is required in production/],
    ['SES_CONFIGURATION_SET', /SES_CONFIGURATION_SET: is required in production/],
    ['SES_FEEDBACK_QUEUE_URL', /SES_FEEDBACK_QUEUE_URL: is required in production/],
  ])('refuses production without %s', (variable, message) => {
    const env: Record<string, string> = { ...production };
    delete env[variable];
    expect(() => parseNotificationConfig(env)).toThrow(ConfigError);
    expect(() => parseNotificationConfig(env)).toThrow(message);
  });

  it("refuses SQS without every consumer's queue and DLQ URL (the dead-letter screen), and docstore needs none", () => {
    const env: Record<string, string> = { ...production };
    delete env.EVENT_DLQ_URL_ORDER;
    expect(() => parseNotificationConfig(env)).toThrow(
      /EVENT_DLQ_URL_ORDER: is required when EVENT_BUS=sns-sqs/,
    );
    expect(() => parseNotificationConfig({ ...production, EVENT_QUEUE_URL_SEARCH: 'not a url' })).toThrow(
      /EVENT_QUEUE_URL_SEARCH/,
    );
    const local = parseNotificationConfig({
      NODE_ENV: 'development',
      EVENT_BUS: 'docstore',
      MONGODB_URI: 'mongodb://127.0.0.1:27017',
    });
    expect(local.EVENT_BUS).toBe('docstore');
  });

  it('refuses the mailbox in production, and uses it with localhost links locally', () => {
    expect(() => parseNotificationConfig({ ...production, NOTIFICATION_TRANSPORT: 'mailbox' })).toThrow(
      /mailbox is for local runs only/,
    );
    const local = parseNotificationConfig({
      NODE_ENV: 'development',
      PORT: '3006',
      HOST: '127.0.0.1',
      EVENT_BUS: 'docstore',
      MONGODB_URI: 'mongodb://127.0.0.1:27017',
    });
    expect(local).toMatchObject({
      NOTIFICATION_TRANSPORT: 'mailbox',
      PUBLIC_BASE_URL: 'http://localhost:8080',
    });
  });
});
