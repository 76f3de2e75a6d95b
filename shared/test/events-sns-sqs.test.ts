import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type Consumer, createEvent, createSnsSqsEventBus, type EventEnvelope } from '@b2b/shared/events';
import { BreakerOpenError } from '@b2b/shared/resilience';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:order-events';
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/notification';
const traceHeader = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

const sns = new SNSClient({ region: 'eu-west-1', credentials });
const sqs = new SQSClient({ region: 'eu-west-1', credentials });
const snsMock = mockClient(sns);
const sqsMock = mockClient(sqs);

/** Messages the fake queue hands out, one per receive; an empty receive "long-polls" briefly. */
let inbox: Message[] = [];
let consumer: Consumer | undefined;

beforeEach(() => {
  snsMock.reset();
  sqsMock.reset();
  inbox = [];
  sqsMock.on(ReceiveMessageCommand).callsFake(async (input: { MaxNumberOfMessages?: number }) => {
    const batch = inbox.splice(0, input.MaxNumberOfMessages ?? 1);
    if (batch.length > 0) return { Messages: batch };
    await new Promise((resolve) => setTimeout(resolve, 10));
    return {};
  });
  sqsMock.on(DeleteMessageCommand).resolves({});
  sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
});

afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
});

function bus() {
  return createSnsSqsEventBus({ sns, sqs, topicArns: { order: topicArn }, queueUrl });
}

function orderShipped(orderId = 'o-1'): EventEnvelope<'order.shipped'> {
  return createEvent(
    'order.shipped',
    { orderId, orderNumber: 'SO-1', companyId: 'c-1', userId: 'u-1', carrier: 'DHL', trackingNumber: 'T1' },
    { source: 'order' },
  );
}

function sqsMessage(event: unknown, receipt: string): Message {
  return {
    MessageId: `m-${receipt}`,
    ReceiptHandle: receipt,
    Body: JSON.stringify(event),
    MessageAttributes: {
      type: { DataType: 'String', StringValue: (event as { type: string }).type },
      'x-amzn-trace-id': { DataType: 'String', StringValue: traceHeader },
    },
    Attributes: { ApproximateReceiveCount: '1' },
  };
}

async function until(check: () => boolean, what: string, deadlineMs = 5_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const calls = (command: Parameters<typeof sqsMock.commandCalls>[0]) => sqsMock.commandCalls(command);

describe('SNS/SQS event bus', () => {
  it('publishes the envelope to the producer topic with the type and trace attributes', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: '1' });
    const event = orderShipped();
    await bus().publish(event, { traceHeader });
    const [call] = snsMock.commandCalls(PublishCommand);
    expect(call?.args[0].input).toEqual({
      TopicArn: topicArn,
      Message: JSON.stringify(event),
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'order.shipped' },
        'x-amzn-trace-id': { DataType: 'String', StringValue: traceHeader },
      },
    });
  });

  it('publishes through a breaker: after repeated SNS failures it fails fast with 503 without calling SNS', async () => {
    snsMock
      .on(PublishCommand)
      .rejects(Object.assign(new Error('InternalError'), { $metadata: { httpStatusCode: 500 } }));
    const b = bus();
    for (let i = 0; i < 5; i++) await expect(b.publish(orderShipped())).rejects.toThrow('InternalError');
    const calls = snsMock.commandCalls(PublishCommand).length;
    await expect(b.publish(orderShipped())).rejects.toBeInstanceOf(BreakerOpenError);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(calls);
    await b.close();
  });

  it('keeps polling after failed receives', async () => {
    let failures = 2;
    const event = orderShipped();
    sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
      if (failures-- > 0) throw new Error('network down');
      const batch = inbox.splice(0, 1);
      if (batch.length > 0) return { Messages: batch };
      await new Promise((resolve) => setTimeout(resolve, 10));
      return {};
    });
    inbox.push(sqsMessage(event, 'r-8'));
    const handled: string[] = [];
    const b = createSnsSqsEventBus({ sns, sqs, topicArns: {}, queueUrl, receiveErrorBackoffMs: 10 });
    consumer = b.consume('notification', {
      'order.shipped': async (e) => {
        handled.push(e.id);
      },
    });
    await until(() => handled.length === 1, 'delivery after receive errors');
    expect(calls(ReceiveMessageCommand).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses to publish without a topic for the producer', async () => {
    const event = createEvent(
      'user.password_reset_requested',
      {
        userId: 'u-1',
        email: 'a@example.com',
        name: 'A',
        resetToken: 't',
        expiresAt: '2025-01-01T00:00:00.000Z',
      },
      { source: 'user' },
    );
    await expect(bus().publish(event)).rejects.toThrow(/no topic ARN configured for producer user/);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('long-polls, runs the handler, then deletes the message', async () => {
    const event = orderShipped();
    inbox.push(sqsMessage(event, 'r-1'));
    const handled: EventEnvelope[] = [];
    consumer = bus().consume('notification', {
      'order.shipped': async (e) => {
        handled.push(e);
      },
    });
    await until(() => calls(DeleteMessageCommand).length === 1, 'delete');
    expect(handled).toEqual([event]);
    expect(calls(DeleteMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: queueUrl,
      ReceiptHandle: 'r-1',
    });
    expect(calls(ReceiveMessageCommand)[0]?.args[0].input).toMatchObject({
      QueueUrl: queueUrl,
      WaitTimeSeconds: 20,
      MessageAttributeNames: ['All'],
    });
  });

  it('does not delete a message whose handler failed (left for redelivery and the DLQ)', async () => {
    inbox.push(sqsMessage(orderShipped(), 'r-2'));
    let attempts = 0;
    consumer = bus().consume('notification', {
      'order.shipped': async () => {
        attempts++;
        throw new Error('SES is down');
      },
    });
    await until(() => attempts === 1, 'handler');
    await consumer.stop();
    consumer = undefined;
    expect(calls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('extends the visibility of a message while its handler is slow', async () => {
    inbox.push(sqsMessage(orderShipped(), 'r-3'));
    consumer = bus().consume(
      'notification',
      {
        // Finishes only once the bus has extended the message's visibility at least twice.
        'order.shipped': () =>
          until(() => calls(ChangeMessageVisibilityCommand).length >= 2, 'visibility extension'),
      },
      { visibilityTimeoutMs: 1_000 },
    );
    await until(() => calls(DeleteMessageCommand).length === 1, 'delete');
    expect(calls(ChangeMessageVisibilityCommand)[0]?.args[0].input).toEqual({
      QueueUrl: queueUrl,
      ReceiptHandle: 'r-3',
      VisibilityTimeout: 1,
    });
    const extensions = calls(ChangeMessageVisibilityCommand).length;
    // After the handler finished, no more extensions.
    await until(() => calls(ReceiveMessageCommand).length > 5, 'more polling');
    expect(calls(ChangeMessageVisibilityCommand)).toHaveLength(extensions);
  });

  it('deletes, with a log line, events nobody here handles', async () => {
    inbox.push(sqsMessage(orderShipped(), 'r-4'));
    inbox.push(sqsMessage({ ...orderShipped(), type: 'order.teleported' }, 'r-5'));
    consumer = bus().consume('notification', {});
    await until(() => calls(DeleteMessageCommand).length === 2, 'deletes');
  });

  it('never runs more handlers at once than its concurrency, nor receives more than it can run', async () => {
    for (let i = 0; i < 5; i++) inbox.push(sqsMessage(orderShipped(`o-${i}`), `r-c${i}`));
    let running = 0;
    let maxRunning = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    consumer = bus().consume(
      'notification',
      {
        'order.shipped': async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await gate;
          running--;
        },
      },
      { concurrency: 2 },
    );
    await until(() => running === 2, 'two handlers running');
    release();
    await until(() => calls(DeleteMessageCommand).length === 5, 'all deleted');
    expect(maxRunning).toBe(2);
    for (const call of calls(ReceiveMessageCommand)) {
      expect(call.args[0].input.MaxNumberOfMessages).toBeLessThanOrEqual(2);
    }
  });

  it('stops cleanly: finishes the message in hand, then polls no more', async () => {
    inbox.push(sqsMessage(orderShipped(), 'r-6'));
    let finish: () => void = () => {};
    let started = false;
    consumer = bus().consume('notification', {
      'order.shipped': () =>
        new Promise<void>((resolve) => {
          started = true;
          finish = resolve;
        }),
    });
    await until(() => started, 'handler start');
    const stopping = consumer.stop();
    consumer = undefined;
    finish();
    await stopping;
    expect(calls(DeleteMessageCommand)).toHaveLength(1);
    const receives = calls(ReceiveMessageCommand).length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls(ReceiveMessageCommand)).toHaveLength(receives);
  });

  it('unwraps SNS notifications when raw delivery is off', async () => {
    const event = orderShipped();
    inbox.push({
      ReceiptHandle: 'r-7',
      Body: JSON.stringify({ Type: 'Notification', MessageId: 'x', Message: JSON.stringify(event) }),
    });
    const handled: EventEnvelope[] = [];
    consumer = bus().consume('notification', {
      'order.shipped': async (e) => {
        handled.push(e);
      },
    });
    await until(() => calls(DeleteMessageCommand).length === 1, 'delete');
    expect(handled).toEqual([event]);
  });
});
