import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type ReceiveMessageCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import { type ConsumerName, events, type ProducerName } from '../catalogue.ts';
import { errorMessage } from '../errors.ts';
import { BreakerOpenError, createBreaker } from '../resilience/breaker.ts';
import { libraryLogger } from '../resilience/log.ts';
import { currentTraceHeader, TRACE_HEADER } from '../tracing/index.ts';
import { dispatch, MalformedEventError } from './dispatch.ts';
import type { EventEnvelope } from './envelope.ts';
import type { ConsumeOptions, Consumer, EventBus, EventHandlers, PublishOptions } from './port.ts';
import { redeliveryDelayMs } from './redelivery.ts';
import { Slots, startHeartbeat, Waker } from './worker.ts';

export interface SnsSqsBusOptions {
  /** Clients already captured by tracing (`captureAwsClient`). */
  sns: SNSClient;
  sqs: SQSClient;
  /** Topic per producing service, from `EVENT_TOPIC_ARN_<PRODUCER>`. */
  topicArns: Partial<Record<ProducerName, string>>;
  /** This service's own queue (`EVENT_QUEUE_URL`); needed only to consume. */
  queueUrl?: string;
  logger?: Logger;
  /** Handlers each consumer runs at once when `consume()` names none (EVENT_CONSUMER_CONCURRENCY); default 4. */
  concurrency?: number;
  /** Long-poll wait; 20 s (the maximum) in production, shorter in tests. */
  waitTimeSeconds?: number;
  /** Wait after a failed receive before polling again. */
  receiveErrorBackoffMs?: number;
}

const breakerDefaults = { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: 10_000 };

/**
 * SNS/SQS adapter. Publishing sends the envelope to the producer's topic with the `type` attribute
 * (for the subscriptions' filter policies) and the trace header. Consumers long-poll their queue,
 * run at most `concurrency` handlers, delete a message only after its handler succeeded, extend its
 * visibility while a handler is slow, and leave failures to SQS's redrive policy (DLQ after 5).
 * Every AWS call goes through a breaker: while it is open, the outbox holds events back.
 */
export function createSnsSqsEventBus(opts: SnsSqsBusOptions): EventBus {
  const log = (opts.logger ?? libraryLogger).child({ bus: 'sns-sqs' });
  const snsBreaker = createBreaker('sns', (cmd: PublishCommand) => opts.sns.send(cmd), {
    timeoutMs: 5_000,
    ...breakerDefaults,
  });
  const sqsBreaker = createBreaker(
    'sqs',
    // biome-ignore lint/suspicious/noExplicitAny: one breaker for the four SQS commands this adapter sends.
    (cmd: any, abortSignal?: AbortSignal): Promise<any> => opts.sqs.send(cmd, { abortSignal }),
    // A receive long-polls for up to 20 s: the timeout must let it.
    { timeoutMs: ((opts.waitTimeSeconds ?? 20) + 10) * 1_000, ...breakerDefaults },
  );
  const consumers = new Set<Consumer>();

  async function publish(event: EventEnvelope, publishOpts: PublishOptions = {}): Promise<void> {
    const spec = events[event.type];
    if (!spec) throw new Error(`unknown event type ${event.type}`);
    const topicArn = opts.topicArns[spec.producer];
    if (!topicArn) throw new Error(`no topic ARN configured for producer ${spec.producer}`);
    const traceHeader = publishOpts.traceHeader ?? currentTraceHeader();
    await snsBreaker.fire(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: {
          type: { DataType: 'String', StringValue: event.type },
          ...(traceHeader ? { [TRACE_HEADER]: { DataType: 'String', StringValue: traceHeader } } : {}),
        },
      }),
    );
  }

  function consume(
    consumer: ConsumerName,
    handlers: EventHandlers,
    consumeOpts: ConsumeOptions = {},
  ): Consumer {
    const queueUrl = opts.queueUrl;
    if (!queueUrl) throw new Error(`no queue URL configured for consumer ${consumer} (EVENT_QUEUE_URL)`);
    const visibilitySeconds = Math.max(1, Math.round((consumeOpts.visibilityTimeoutMs ?? 30_000) / 1_000));
    const slots = new Slots(consumeOpts.concurrency ?? opts.concurrency ?? 4);
    const waker = new Waker();
    const abort = new AbortController();
    const clog = log.child({ consumer });
    let running = true;

    const handle = async (message: Message): Promise<void> => {
      const receiptHandle = message.ReceiptHandle;
      const messageId = message.MessageId;
      const receiveCount = message.Attributes?.ApproximateReceiveCount;
      const stopHeartbeat = startHeartbeat(
        (visibilitySeconds * 1_000) / 2,
        async () => {
          await sqsBreaker.fire(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: receiptHandle,
              VisibilityTimeout: visibilitySeconds,
            }),
          );
        },
        (err) => clog.warn({ messageId, err: errorMessage(err) }, 'could not extend visibility'),
      );
      try {
        const traceHeader = message.MessageAttributes?.[TRACE_HEADER]?.StringValue;
        await dispatch(consumer, handlers, unwrapSnsNotification(message.Body ?? ''), traceHeader, clog);
      } catch (err) {
        stopHeartbeat();
        if (err instanceof MalformedEventError) {
          // SQS has no "move to the DLQ" call: visible again at once, the redrive policy moves it
          // after MAX_RECEIVES receives, seconds from now instead of five visibility timeouts.
          clog.error(
            { messageId, receiveCount, reason: errorMessage(err) },
            'malformed event, dead-lettering',
          );
          await sqsBreaker
            .fire(
              new ChangeMessageVisibilityCommand({
                QueueUrl: queueUrl,
                ReceiptHandle: receiptHandle,
                VisibilityTimeout: 0,
              }),
            )
            .catch((e: unknown) =>
              clog.warn({ messageId, err: errorMessage(e) }, 'could not release malformed message'),
            );
          return;
        }
        // Not deleted: SQS hands it out again after the visibility timeout, and to the DLQ after 5;
        // a "not now" failure (redelivery.ts) comes back in about a second instead.
        clog.warn({ messageId, receiveCount, err: errorMessage(err) }, 'event handler failed');
        const delaySeconds = Math.round(
          redeliveryDelayMs(err, Number(receiveCount ?? 1), visibilitySeconds * 1_000) / 1_000,
        );
        if (delaySeconds < visibilitySeconds) {
          await sqsBreaker
            .fire(
              new ChangeMessageVisibilityCommand({
                QueueUrl: queueUrl,
                ReceiptHandle: receiptHandle,
                VisibilityTimeout: delaySeconds,
              }),
            )
            .catch((e: unknown) =>
              clog.warn({ messageId, err: errorMessage(e) }, 'could not shorten the redelivery delay'),
            );
        }
        return;
      }
      stopHeartbeat();
      try {
        await sqsBreaker.fire(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
      } catch (err) {
        clog.error(
          { messageId, err: errorMessage(err) },
          'could not delete handled message; it will be redelivered',
        );
      }
    };

    const loop = async () => {
      while (running) {
        if (slots.free() <= 0) {
          await slots.waitForFree();
          continue;
        }
        let received: ReceiveMessageCommandOutput;
        try {
          received = await sqsBreaker.fire(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: Math.min(10, slots.free()),
              WaitTimeSeconds: opts.waitTimeSeconds ?? 20,
              VisibilityTimeout: visibilitySeconds,
              MessageAttributeNames: ['All'],
              MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            }),
            abort.signal,
          );
        } catch (err) {
          if (!running) break;
          const waitMs =
            err instanceof BreakerOpenError
              ? err.retryAfterSeconds * 1_000
              : (opts.receiveErrorBackoffMs ?? 2_000);
          clog.warn({ err: errorMessage(err), waitMs }, 'receive failed');
          await waker.sleep(waitMs);
          continue;
        }
        for (const message of received.Messages ?? []) slots.run(handle(message));
      }
    };
    const done = loop();

    const consumerHandle: Consumer = {
      async stop() {
        running = false;
        abort.abort();
        waker.wake();
        await done;
        await slots.drain();
        consumers.delete(consumerHandle);
      },
    };
    consumers.add(consumerHandle);
    return consumerHandle;
  }

  return {
    kind: 'sns-sqs',
    publish,
    consume,
    async isReady() {
      if (!opts.queueUrl) return snsBreaker.state() !== 'open';
      try {
        await sqsBreaker.fire(
          new GetQueueAttributesCommand({
            QueueUrl: opts.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()));
      snsBreaker.shutdown();
      sqsBreaker.shutdown();
    },
  };
}

/** Raw message delivery gives the envelope itself; without it SNS wraps it in a notification. */
function unwrapSnsNotification(body: string): string {
  if (!body.includes('"Notification"')) return body;
  try {
    const parsed = JSON.parse(body) as { Type?: unknown; Message?: unknown };
    return parsed.Type === 'Notification' && typeof parsed.Message === 'string' ? parsed.Message : body;
  } catch {
    return body;
  }
}
