/**
 * The SQS dead-letter adapter against a small fake of SQS (aws-sdk-client-mock): a DLQ whose
 * receives hide messages until released or deleted, as SQS does.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import {
  createEvent,
  createSqsDeadLetterAdmin,
  MAX_RECEIVES,
  sqsConsumerQueuesFromEnv,
} from '@b2b/shared/events';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';

const sqs = new SQSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const sqsMock = mockClient(sqs);
const base = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
const queues = {
  notification: {
    queueUrl: `${base}/b2b-dev-notification-queue`,
    deadLetterQueueUrl: `${base}/b2b-dev-notification-queue-dlq`,
  },
  order: { queueUrl: `${base}/b2b-dev-order-queue`, deadLetterQueueUrl: `${base}/b2b-dev-order-queue-dlq` },
};
const dlqArn = (url: string) => `arn:aws:sqs:eu-west-1:123456789012:${url.split('/').pop()}`;

interface Stored {
  message: Message;
  hidden: boolean;
  receipt?: string;
}
/** Per queue URL: what it holds. */
let stored: Map<string, Stored[]>;
let receipts = 0;

beforeEach(() => {
  sqsMock.reset();
  stored = new Map();
  sqsMock.on(GetQueueAttributesCommand).callsFake(async ({ QueueUrl }: { QueueUrl: string }) => {
    const rows = stored.get(QueueUrl) ?? [];
    return {
      Attributes: {
        QueueArn: dlqArn(QueueUrl),
        ApproximateNumberOfMessages: String(rows.filter((r) => !r.hidden).length),
        ApproximateNumberOfMessagesNotVisible: String(rows.filter((r) => r.hidden).length),
      },
    };
  });
  sqsMock
    .on(ReceiveMessageCommand)
    .callsFake(
      async ({ QueueUrl, MaxNumberOfMessages }: { QueueUrl: string; MaxNumberOfMessages: number }) => {
        const visible = (stored.get(QueueUrl) ?? []).filter((r) => !r.hidden).slice(0, MaxNumberOfMessages);
        for (const row of visible) {
          row.hidden = true;
          row.receipt = `rh-${++receipts}`;
        }
        return { Messages: visible.map((r) => ({ ...r.message, ReceiptHandle: r.receipt })) };
      },
    );
  sqsMock
    .on(ChangeMessageVisibilityBatchCommand)
    .callsFake(async ({ QueueUrl, Entries }: { QueueUrl: string; Entries: { ReceiptHandle: string }[] }) => {
      for (const entry of Entries) {
        const row = stored.get(QueueUrl)?.find((r) => r.receipt === entry.ReceiptHandle);
        if (row) row.hidden = false;
      }
      return { Successful: Entries.map((_, n) => ({ Id: String(n) })) };
    });
  sqsMock.on(DeleteMessageCommand).callsFake(async ({ QueueUrl, ReceiptHandle }) => {
    stored.set(
      QueueUrl,
      (stored.get(QueueUrl) ?? []).filter((r) => r.receipt !== ReceiptHandle),
    );
    return {};
  });
  sqsMock.on(SendMessageCommand).callsFake(async ({ QueueUrl, MessageBody, MessageAttributes }) => {
    const rows = stored.get(QueueUrl) ?? [];
    rows.push({
      message: { MessageId: `sent-${rows.length}`, Body: MessageBody, MessageAttributes },
      hidden: false,
    });
    stored.set(QueueUrl, rows);
    return { MessageId: 'x' };
  });
  sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
});

function deadLetter(queueUrl: string, n: number) {
  const event = createEvent(
    'user.password_reset_requested',
    {
      userId: `u-${n}`,
      email: 'e@x.io',
      name: 'n',
      resetToken: `secret-${n}`,
      expiresAt: '2030-01-01T00:00:00Z',
    },
    { source: 'user' },
  );
  const rows = stored.get(queueUrl) ?? [];
  rows.push({
    message: {
      MessageId: `m-${n}`,
      Body: JSON.stringify(event),
      MessageAttributes: {
        type: { DataType: 'String', StringValue: event.type },
        'x-amzn-trace-id': { DataType: 'String', StringValue: 'Root=1-abc' },
      },
      Attributes: { SentTimestamp: String(1_700_000_000_000 + n) },
    },
    hidden: false,
  });
  stored.set(queueUrl, rows);
  return event;
}

const admin = () => createSqsDeadLetterAdmin({ sqs, queues, waitTimeSeconds: 0 });
const visibleIn = (url: string) => (stored.get(url) ?? []).filter((r) => !r.hidden).length;

describe('SQS dead letters', () => {
  it('lists id, type and attempts without the event data, and leaves the letters visible', async () => {
    const a = deadLetter(queues.notification.deadLetterQueueUrl, 1);
    const b = deadLetter(queues.notification.deadLetterQueueUrl, 2);
    deadLetter(queues.order.deadLetterQueueUrl, 3);
    const page = await admin().list('notification', { offset: 0, limit: 20 });
    expect(page).toEqual({
      total: 2,
      letters: [
        {
          id: a.id,
          type: 'user.password_reset_requested',
          attempts: MAX_RECEIVES,
          reason: null,
          deadLetteredAt: null,
        },
        {
          id: b.id,
          type: 'user.password_reset_requested',
          attempts: MAX_RECEIVES,
          reason: null,
          deadLetteredAt: null,
        },
      ],
    });
    expect(JSON.stringify(page)).not.toContain('secret-');
    // Looking consumed nothing and hid nothing: both are visible for the next receive.
    expect(visibleIn(queues.notification.deadLetterQueueUrl)).toBe(2);
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('pages through more letters than one receive returns', async () => {
    const events = Array.from({ length: 15 }, (_, n) => deadLetter(queues.order.deadLetterQueueUrl, n));
    const second = await admin().list('order', { offset: 10, limit: 10 });
    expect(second.total).toBe(15);
    expect(second.letters.map((l) => l.id)).toEqual(events.slice(10).map((e) => e.id));
    expect(visibleIn(queues.order.deadLetterQueueUrl)).toBe(15);
    // An empty DLQ answers without receiving at all.
    sqsMock.resetHistory();
    expect(await admin().list('notification', { offset: 0, limit: 10 })).toEqual({ total: 0, letters: [] });
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });

  it('redrives chosen events: sent to the source queue with their attributes, then deleted from the DLQ', async () => {
    const chosen = deadLetter(queues.notification.deadLetterQueueUrl, 1);
    const kept = deadLetter(queues.notification.deadLetterQueueUrl, 2);
    expect(await admin().redrive('notification', [chosen.id, 'not-a-dead-letter'])).toBe(1);
    const [sent] = sqsMock.commandCalls(SendMessageCommand);
    expect(sent?.args[0].input).toEqual({
      QueueUrl: queues.notification.queueUrl,
      MessageBody: JSON.stringify(chosen),
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'user.password_reset_requested' },
        'x-amzn-trace-id': { DataType: 'String', StringValue: 'Root=1-abc' },
      },
    });
    // Sent before deleted: a crash in between duplicates the letter instead of losing it.
    const order = sqsMock.calls().map((c) => c.args[0].constructor.name);
    expect(order.indexOf('SendMessageCommand')).toBeLessThan(order.indexOf('DeleteMessageCommand'));
    // Positive control: the other letter stays, visible.
    const left = stored.get(queues.notification.deadLetterQueueUrl) ?? [];
    expect(left.map((r) => JSON.parse(r.message.Body!).id)).toEqual([kept.id]);
    expect(visibleIn(queues.notification.deadLetterQueueUrl)).toBe(1);
    expect(await admin().redrive('notification', ['not-a-dead-letter'])).toBe(0);
  });

  it('redrives all with an SQS message move task back to the source queue', async () => {
    expect(await admin().redrive('order')).toBe(0);
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
    deadLetter(queues.order.deadLetterQueueUrl, 1);
    deadLetter(queues.order.deadLetterQueueUrl, 2);
    expect(await admin().redrive('order')).toBe(2);
    const [task] = sqsMock.commandCalls(StartMessageMoveTaskCommand);
    expect(task?.args[0].input).toEqual({ SourceArn: dlqArn(queues.order.deadLetterQueueUrl) });
  });

  it('answers 409 when SQS refuses a second move task, and passes other failures on', async () => {
    deadLetter(queues.order.deadLetterQueueUrl, 1);
    sqsMock.on(StartMessageMoveTaskCommand).rejects(
      Object.assign(new Error('There is already a task running'), {
        name: 'UnsupportedOperation',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(admin().redrive('order')).rejects.toMatchObject({ status: 409, code: 'REDRIVE_REFUSED' });
    // Positive control: an SQS outage is not mistaken for a conflict.
    sqsMock
      .on(StartMessageMoveTaskCommand)
      .rejects(Object.assign(new Error('InternalError'), { $metadata: { httpStatusCode: 500 } }));
    await expect(admin().redrive('order')).rejects.toThrow('InternalError');
  });

  it('refuses a consumer whose queues were not configured', async () => {
    await expect(admin().list('payment', { offset: 0, limit: 10 })).rejects.toThrow(
      /EVENT_QUEUE_URL_PAYMENT/,
    );
  });

  it('reads every catalogue consumer with both URLs from the environment', () => {
    expect(
      sqsConsumerQueuesFromEnv({
        EVENT_QUEUE_URL_ORDER: 'https://q/order',
        EVENT_DLQ_URL_ORDER: 'https://q/order-dlq',
        EVENT_QUEUE_URL_SEARCH: 'https://q/search',
        EVENT_QUEUE_URL_BILLING: 'https://q/billing',
        EVENT_DLQ_URL_BILLING: 'https://q/billing-dlq',
      }),
    ).toEqual({ order: { queueUrl: 'https://q/order', deadLetterQueueUrl: 'https://q/order-dlq' } });
  });
});
