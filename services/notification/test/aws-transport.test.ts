/**
 * The SES and SNS adapters against aws-sdk-client-mock, through the real delivery: throttling is
 * retried with backoff, a permanent refusal is logged as failed with the reason, and without the
 * mailbox transport the /admin/mailbox routes do not exist.
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { databaseTest } from '@b2b/test-kit/fixtures';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect } from 'vitest';
import { createAwsTransport } from '../src/channels/ses-sns.ts';
import { startNotificationApp } from './support/notification-app.ts';

const ses = mockClient(SESClient);
const sns = mockClient(SNSClient);

const it = databaseTest.extend('svc', { scope: 'file' }, async ({ dbServer }, { onCleanup }) => {
  const transport = createAwsTransport({
    from: 'B2B Commerce <no-reply@shop.example.com>',
    configurationSet: 'b2b-notifications',
    ses: new SESClient({ region: 'eu-west-1' }),
    sns: new SNSClient({ region: 'eu-west-1' }),
  });
  const svc = await startNotificationApp(dbServer, { transport, sendRetry: { retries: 3 } });
  onCleanup(() => svc.close());
  return svc;
});

const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), {
    name: 'Throttling',
    $metadata: { httpStatusCode: 400 },
  });
const rejected = () =>
  Object.assign(new Error('Email address is not verified.'), {
    name: 'MessageRejected',
    $metadata: { httpStatusCode: 400 },
  });

describe('SES and SNS transport', () => {
  it('retries SES throttling and records the send with its attempts', async ({ svc }) => {
    ses.reset();
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ MessageId: 'ses-1' });
    const buyer = svc.person();
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-s',
        orderNumber: 'ORD-S',
        companyId: buyer.companyId!,
        userId: buyer.userId,
      }),
    );
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls.length).toBe(3);
    expect(calls[0]!.args[0].input).toMatchObject({
      Source: 'B2B Commerce <no-reply@shop.example.com>',
      Destination: { ToAddresses: [buyer.email] },
      ConfigurationSetName: 'b2b-notifications',
      Message: { Subject: { Data: 'Order ORD-S delivered' } },
    });
    const log = await svc.mongo.db.collection('deliveries').findOne({ to: buyer.email });
    expect(log).toMatchObject({ status: 'sent', attempts: 3, providerMessageId: 'ses-1' });
  });

  it('logs a permanent SES refusal as failed with the reason, after one call', async ({ svc }) => {
    ses.reset();
    ses.on(SendEmailCommand).rejects(rejected());
    const buyer = svc.person();
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-r',
        orderNumber: 'ORD-R',
        companyId: buyer.companyId!,
        userId: buyer.userId,
      }),
    );
    expect(ses.commandCalls(SendEmailCommand).length).toBe(1);
    const log = await svc.mongo.db.collection('deliveries').findOne({ to: buyer.email });
    expect(log).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'MessageRejected: Email address is not verified.',
    });
  });

  it('gives up on endless throttling after the retries and logs it failed', async ({ svc }) => {
    ses.reset();
    ses.on(SendEmailCommand).rejects(throttled());
    const buyer = svc.person();
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-t',
        orderNumber: 'ORD-T',
        companyId: buyer.companyId!,
        userId: buyer.userId,
      }),
    );
    expect(ses.commandCalls(SendEmailCommand).length).toBe(4);
    expect(await svc.mongo.db.collection('deliveries').findOne({ to: buyer.email })).toMatchObject({
      status: 'failed',
      attempts: 4,
    });
  });

  it('publishes SMS to the E.164 number as transactional', async ({ svc }) => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-2' });
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    const buyer = svc.person({ phone: '+1 (555) 010-9999' });
    await svc.call('PUT', '/notifications/preferences', {
      token: await svc.tokenFor(buyer),
      body: { 'order.delivered': { email: true, sms: true, inApp: false } },
    });
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-m',
        orderNumber: 'ORD-M',
        companyId: buyer.companyId!,
        userId: buyer.userId,
      }),
    );
    const [call] = sns.commandCalls(PublishCommand);
    expect(call!.args[0].input).toMatchObject({
      PhoneNumber: '+15550109999',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    expect(call!.args[0].input.Message).toContain('ORD-M has been delivered');
  });

  it('has no mailbox routes when sending through AWS', async ({ svc }) => {
    const admin = await svc.adminToken();
    expect((await svc.call('GET', '/admin/mailbox', { token: admin })).statusCode).toBe(404);
    // Positive control: the admin's other routes are there.
    expect((await svc.call('GET', '/admin/notifications', { token: admin })).statusCode).toBe(200);
  });
});
