/**
 * SES bounce and complaint feedback: a permanent bounce or a complaint suppresses the address, which
 * is never emailed again (logged `suppressed`, reason bounced/complained) until an admin lifts it.
 * Locally the feedback arrives through POST /admin/mailbox/feedback; in AWS from the SQS queue
 * (aws-sdk-client-mock below), both read by the same code.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { pollUntil } from '@b2b/test-kit/poll';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect } from 'vitest';
import { recordEmailFeedback } from '../src/domain/suppressions.ts';
import { reportsOf } from '../src/feedback/ses-feedback.ts';
import { startSesFeedbackConsumer } from '../src/feedback/sqs-feedback-consumer.ts';
import type { TestPerson } from './support/directory.ts';
import type { NotificationTestApp } from './support/notification-app.ts';
import { it } from './support/notification-test.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
let n = 0;
async function confirmOrderOf(svc: NotificationTestApp, buyer: TestPerson) {
  const event = svc.event('order.confirmed', {
    orderId: `o-sup-${++n}`,
    orderNumber: `ORD-SUP${n}`,
    companyId: buyer.companyId!,
    userId: buyer.userId,
    total: eur('10.00'),
  });
  await svc.deliver(event);
  return event;
}
const mailTo = (svc: NotificationTestApp, to: string) =>
  svc.mongo.db.collection('mailbox').find({ to }).toArray();
const emailLog = async (svc: NotificationTestApp, admin: string, eventId: string) => {
  const res = await svc.call('GET', `/admin/notifications?channel=email`, { token: admin });
  return res.json().items.find((d: { eventId: string }) => d.eventId === eventId);
};
const feedback = (svc: NotificationTestApp, admin: string, body: unknown) =>
  svc.call('POST', '/admin/mailbox/feedback', { token: admin, body });

describe('suppressed addresses', () => {
  it('a permanent bounce stops email to the address (in-app still arrives) until an admin lifts it', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    const bounced = svc.person();
    const fine = svc.person();
    const reported = await feedback(svc, admin, {
      type: 'bounce',
      addresses: [bounced.email.toUpperCase()],
      detail: 'smtp; 550 5.1.1 user unknown',
    });
    expect(reported.statusCode).toBe(200);
    expect(reported.json()).toEqual({ suppressed: [bounced.email] });

    const event = await confirmOrderOf(svc, bounced);
    expect(await mailTo(svc, bounced.email)).toEqual([]);
    expect(await emailLog(svc, admin, event.id)).toMatchObject({
      to: bounced.email,
      status: 'suppressed',
      reason: 'bounced',
    });
    expect(await svc.mongo.db.collection('inbox').countDocuments({ userId: bounced.userId })).toBe(1);
    // Positive control: the same event kind still reaches an address nobody reported.
    await confirmOrderOf(svc, fine);
    expect(await mailTo(svc, fine.email)).toHaveLength(1);

    const list = await svc.call('GET', `/admin/email-suppressions?address=${bounced.email}`, {
      token: admin,
    });
    expect(list.json()).toMatchObject({
      total: 1,
      items: [
        { address: bounced.email, cause: 'bounce', detail: 'smtp; 550 5.1.1 user unknown', source: 'local' },
      ],
    });
    const lifted = await svc.call('DELETE', `/admin/email-suppressions/${bounced.email}`, { token: admin });
    expect(lifted.statusCode).toBe(204);
    await confirmOrderOf(svc, bounced);
    expect(await mailTo(svc, bounced.email)).toHaveLength(1);
    expect(
      (await svc.call('DELETE', `/admin/email-suppressions/${bounced.email}`, { token: admin })).statusCode,
    ).toBe(404);
  });

  it('a transient bounce suppresses nothing; a complaint does, even for security messages', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    const full = svc.person();
    const complainer = svc.person();
    const transient = await feedback(svc, admin, {
      type: 'bounce',
      permanent: false,
      addresses: [full.email],
    });
    expect(transient.json()).toEqual({ suppressed: [] });
    await confirmOrderOf(svc, full);
    expect(await mailTo(svc, full.email)).toHaveLength(1);

    expect((await feedback(svc, admin, { type: 'complaint', addresses: [complainer.email] })).json()).toEqual(
      {
        suppressed: [complainer.email],
      },
    );
    const reset = svc.event('user.password_reset_requested', {
      userId: complainer.userId,
      email: complainer.email,
      name: complainer.name,
      resetToken: 'r-1',
      expiresAt: '2026-12-01T11:00:00.000Z',
    });
    await svc.deliver(reset);
    expect(await mailTo(svc, complainer.email)).toEqual([]);
    expect(await emailLog(svc, admin, reset.id)).toMatchObject({
      status: 'suppressed',
      reason: 'complained',
    });
  });

  it('is for admins, and refuses what is not an address', async ({ svc }) => {
    const admin = await svc.adminToken();
    const buyer = await svc.tokenFor(svc.person());
    expect((await svc.call('GET', '/admin/email-suppressions', { token: buyer })).statusCode).toBe(403);
    expect((await svc.call('GET', '/admin/email-suppressions')).statusCode).toBe(401);
    expect((await feedback(svc, buyer, { type: 'complaint', addresses: ['a@b.example'] })).statusCode).toBe(
      403,
    );
    expect(
      (await feedback(svc, admin, { type: 'complaint', addresses: ['not an address'] })).statusCode,
    ).toBe(400);
    expect((await feedback(svc, admin, { type: 'complaint', addresses: [] })).statusCode).toBe(400);
    expect((await svc.call('GET', '/admin/email-suppressions', { token: admin })).statusCode).toBe(200);
  });
});

describe('the SES feedback queue', () => {
  const sqs = mockClient(SQSClient);
  const bounce = {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: 'gone@example.com', action: 'failed', status: '5.1.1' }],
      timestamp: '2026-12-01T10:00:00.000Z',
      feedbackId: 'f-1',
    },
    mail: { messageId: 'm-1', destination: ['gone@example.com'] },
  };
  const complaint = {
    notificationType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: 'spam@example.com' }],
      complaintFeedbackType: 'abuse',
    },
    mail: { messageId: 'm-2' },
  };

  it('records bounces and complaints (raw or in an SNS envelope), deletes them, leaves junk for the DLQ', async ({
    svc,
  }) => {
    sqs.reset();
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          { MessageId: '1', ReceiptHandle: 'rh-bounce', Body: JSON.stringify(bounce) },
          {
            MessageId: '2',
            ReceiptHandle: 'rh-complaint',
            Body: JSON.stringify({ Type: 'Notification', Message: JSON.stringify(complaint) }),
          },
          { MessageId: '3', ReceiptHandle: 'rh-junk', Body: '{"hello":' },
          { MessageId: '4', ReceiptHandle: 'rh-other', Body: JSON.stringify({ bounce: 'nope' }) },
        ],
      })
      // Later long polls: nothing more (SQS would hold them up to 20 s; here a short pause).
      .callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Messages: [] }), 20)));
    sqs.on(DeleteMessageCommand).resolves({});
    const consumer = startSesFeedbackConsumer({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/b2b-test-ses-feedback',
      handle: async (f) => void (await recordEmailFeedback(svc.ctx, reportsOf(f), 'ses')),
      log: { info() {}, warn() {} },
    });
    try {
      await pollUntil(() => sqs.commandCalls(DeleteMessageCommand).length === 2, {
        timeoutMs: 5_000,
        message: 'both notifications deleted',
      });
    } finally {
      await consumer.stop();
    }
    expect(
      sqs
        .commandCalls(DeleteMessageCommand)
        .map((c) => c.args[0].input.ReceiptHandle)
        .sort(),
    ).toEqual(['rh-bounce', 'rh-complaint']);
    const stored = await svc.ctx.repos.suppressions.collection.find({}, { sort: { _id: 1 } }).toArray();
    expect(stored.filter((s) => s.source === 'ses').map((s) => [s._id, s.cause, s.detail])).toEqual([
      ['gone@example.com', 'bounce', 'Permanent/General'],
      ['spam@example.com', 'complaint', 'abuse'],
    ]);
  });

  it('does not delete a notification it failed to record: SQS redelivers it', async () => {
    sqs.reset();
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: '1', ReceiptHandle: 'rh-1', Body: JSON.stringify(bounce) }] })
      .callsFake(() => new Promise((resolve) => setTimeout(() => resolve({ Messages: [] }), 20)));
    sqs.on(DeleteMessageCommand).resolves({});
    let attempts = 0;
    const consumer = startSesFeedbackConsumer({
      sqs: new SQSClient({ region: 'eu-west-1' }),
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q',
      handle: async () => {
        attempts++;
        throw new Error('database down');
      },
      log: { info() {}, warn() {} },
    });
    try {
      await pollUntil(() => attempts === 1 && sqs.commandCalls(ReceiveMessageCommand).length >= 2, {
        timeoutMs: 5_000,
      });
    } finally {
      await consumer.stop();
    }
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });
});
