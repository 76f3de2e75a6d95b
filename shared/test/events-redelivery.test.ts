/**
 * A handler failure that only means "not now" (another delivery holds the side-effect claim, a
 * write conflict) comes back in about a second on both buses; any other failure still waits for
 * the visibility timeout (SQS's behaviour: five receives must not burn in seconds).
 */

import { SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { queueName } from '@b2b/shared/catalogue';
import {
  buildEventHandlers,
  type Consumer,
  createDocStoreEventBus,
  createSnsSqsEventBus,
  ensureEventConsumerIndexes,
  isRetrySoon,
  redeliveryDelayMs,
  SIDE_EFFECT_CLAIMS_COLLECTION,
  SideEffectInProgressError,
  sideEffect,
} from '@b2b/shared/events';
import { mockClient } from 'aws-sdk-client-mock';
import { MongoServerError } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { orderShipped } from './events-support/envelopes.ts';
import { startTestDatabase, type TestDatabase, until } from './events-support/harness.ts';

let database: TestDatabase;
const consumers: Consumer[] = [];
beforeAll(async () => {
  database = await startTestDatabase();
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await database?.close();
});

/** How far in the future a queued row becomes claimable again. */
const visibleInMs = (row: Record<string, unknown> | null) =>
  (row?.visibleAt instanceof Date ? row.visibleAt.getTime() : Number.NaN) - Date.now();

const writeConflict = () => new MongoServerError({ message: 'WriteConflict', code: 112 });

describe('redelivery delay of a failed message', () => {
  it('is about a second, doubling per receive, for "not now" failures; the visibility timeout otherwise', () => {
    const inProgress = new SideEffectInProgressError('payment:e-1');
    expect([1, 2, 3, 4, 5].map((n) => redeliveryDelayMs(inProgress, n, 30_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000,
    ]);
    // Never longer than the visibility timeout.
    expect(redeliveryDelayMs(inProgress, 5, 5_000)).toBe(5_000);
    expect(isRetrySoon(writeConflict())).toBe(true);
    const transient = new MongoServerError({ message: 'NoSuchTransaction', code: 251 });
    transient.addErrorLabel('TransientTransactionError');
    expect(isRetrySoon(transient)).toBe(true);
    // Anything else waits the full timeout.
    expect(redeliveryDelayMs(new Error('provider down'), 1, 30_000)).toBe(30_000);
    expect(redeliveryDelayMs(new MongoServerError({ message: 'dup', code: 11000 }), 1, 30_000)).toBe(30_000);
  });
});

describe('document-store bus', () => {
  it('redelivers a side effect held by another delivery in about a second (visibility 30 s), and acknowledges it once that delivery is done', async () => {
    const busDb = database.freshDb();
    const db = database.freshDb('payment');
    await ensureEventConsumerIndexes(db);
    const bus = createDocStoreEventBus({ db: busDb, minPollMs: 10, maxPollMs: 50 });
    let acted = 0;
    const handlers = buildEventHandlers({
      consumer: 'payment',
      db,
      handlers: {
        'order.shipped': sideEffect(async () => {
          acted++;
        }),
      },
    });
    const held = orderShipped('SO-R1');
    // Another delivery (another task) is acting on `held` right now: its claim has a live lease.
    const claims = db.collection(SIDE_EFFECT_CLAIMS_COLLECTION);
    await claims.insertOne({
      _id: `payment:${held.id}` as never,
      consumer: 'payment',
      eventId: held.id,
      type: held.type,
      status: 'acting',
      leaseUntil: new Date(Date.now() + 60_000),
      claimToken: 'the-other-delivery',
      claims: 1,
    });
    consumers.push(bus.consume('payment', handlers, { visibilityTimeoutMs: 30_000 }));
    const queue = busDb.collection(queueName('payment'));
    await bus.publish(held);
    await until(
      async () => (await queue.findOne({ _id: held.id as never }))?.lastError !== undefined,
      'first failure',
    );
    const failed = await queue.findOne({ _id: held.id as never });
    expect(failed?.lastError).toContain('SideEffectInProgressError');
    // Visible again in about a second, not in 30.
    expect(visibleInMs(failed)).toBeLessThan(2_000);

    // The other delivery finishes; the redelivery (well before 30 s) acknowledges without acting.
    const doneAt = Date.now();
    await claims.updateOne(
      { _id: `payment:${held.id}` as never },
      { $set: { status: 'done', doneAt: new Date() } },
    );
    await until(
      async () => (await queue.countDocuments({ _id: held.id as never })) === 0,
      'acknowledged',
      10_000,
    );
    expect(Date.now() - doneAt).toBeLessThan(10_000);
    expect(acted).toBe(0);

    // Positive control: an event nobody holds is acted on at once.
    const free = orderShipped('SO-R2');
    await bus.publish(free);
    await until(() => acted === 1, 'the free event acted on');
  });

  it('keeps a message that failed for another reason invisible for the visibility timeout', async () => {
    const busDb = database.freshDb();
    const bus = createDocStoreEventBus({ db: busDb, minPollMs: 10, maxPollMs: 50 });
    let calls = 0;
    consumers.push(
      bus.consume(
        'payment',
        {
          'order.shipped': async () => {
            calls++;
            throw new Error('provider down');
          },
        },
        { visibilityTimeoutMs: 30_000 },
      ),
    );
    const event = orderShipped('SO-R3');
    const queue = busDb.collection(queueName('payment'));
    await bus.publish(event);
    await until(
      async () => (await queue.findOne({ _id: event.id as never }))?.lastError !== undefined,
      'failure',
    );
    const row = await queue.findOne({ _id: event.id as never });
    expect(row?.lastError).toContain('provider down');
    expect(visibleInMs(row)).toBeGreaterThan(25_000);
    expect(calls).toBe(1);
  });
});

describe('SNS/SQS bus', () => {
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const sqs = new SQSClient({ region: 'eu-west-1', credentials });
  const sns = new SNSClient({ region: 'eu-west-1', credentials });
  const sqsMock = mockClient(sqs);
  const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/payment';

  async function failOnce(err: Error): Promise<number[]> {
    sqsMock.reset();
    const inbox: Message[] = [
      {
        MessageId: 'm-1',
        ReceiptHandle: 'r-1',
        Body: JSON.stringify(orderShipped('SO-R4')),
        Attributes: { ApproximateReceiveCount: '1' },
      },
    ];
    sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
      const batch = inbox.splice(0, 1);
      if (batch.length > 0) return { Messages: batch };
      await new Promise((resolve) => setTimeout(resolve, 10));
      return {};
    });
    sqsMock.on(DeleteMessageCommand).resolves({});
    sqsMock.on(ChangeMessageVisibilityCommand).resolves({});
    let failed = false;
    const bus = createSnsSqsEventBus({ sns, sqs, topicArns: {}, queueUrl, waitTimeSeconds: 1 });
    const consumer = bus.consume(
      'payment',
      {
        'order.shipped': async () => {
          failed = true;
          throw err;
        },
      },
      { visibilityTimeoutMs: 30_000 },
    );
    consumers.push(consumer);
    await until(() => failed, 'the handler failed');
    // stop() waits for the in-flight handling, failure bookkeeping included.
    await consumer.stop();
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    return sqsMock
      .commandCalls(ChangeMessageVisibilityCommand)
      .map((c) => c.args[0].input.VisibilityTimeout as number);
  }

  it('shortens the visibility of a "not now" failure to about a second; leaves other failures to the timeout', async () => {
    expect(await failOnce(new SideEffectInProgressError('payment:e-1'))).toEqual([1]);
    expect(await failOnce(new Error('provider down'))).toEqual([]);
  });
});
