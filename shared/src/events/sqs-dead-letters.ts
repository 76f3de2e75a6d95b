import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  type QueueAttributeName,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import {
  type ConsumerName,
  consumers,
  deadLetterQueueUrlEnv,
  MAX_RECEIVES,
  queueUrlEnv,
} from '../catalogue.ts';
import { errors } from '../errors.ts';
import { createBreaker } from '../resilience/breaker.ts';
import { isClientError } from '../resilience/http-status.ts';
import { libraryLogger } from '../resilience/log.ts';
import type { DeadLetterAdmin, DeadLetterPage, DeadLetterSummary } from './dead-letters.ts';

/** A consumer's queue and its DLQ (the CDK's EventQueue), as the services stack passes them. */
export interface SqsConsumerQueues {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

export interface SqsDeadLetterAdminOptions {
  /** A client already captured by tracing (`captureAwsClient`). */
  sqs: SQSClient;
  queues: Partial<Record<ConsumerName, SqsConsumerQueues>>;
  logger?: Logger;
  /** Long-poll wait of each scan receive: long polling asks every SQS server, a short poll only some. */
  waitTimeSeconds?: number;
}

/**
 * How many messages one listing or per-id redrive looks at: SQS has no offset, so a window is read
 * by receiving from the start; past this a page answers empty (the total stays exact-ish).
 */
export const SQS_DEAD_LETTER_SCAN_LIMIT = 500;
/** A scanned message stays hidden this long while the scan runs, then is released at once. */
const SCAN_VISIBILITY_SECONDS = 30;

/** `EVENT_QUEUE_URL_<C>` / `EVENT_DLQ_URL_<C>` of every catalogue consumer that has both. */
export function sqsConsumerQueuesFromEnv(
  env: Readonly<Record<string, unknown>>,
): Partial<Record<ConsumerName, SqsConsumerQueues>> {
  const queues: Partial<Record<ConsumerName, SqsConsumerQueues>> = {};
  for (const consumer of consumers) {
    const queueUrl = env[queueUrlEnv(consumer)];
    const deadLetterQueueUrl = env[deadLetterQueueUrlEnv(consumer)];
    if (
      typeof queueUrl === 'string' &&
      typeof deadLetterQueueUrl === 'string' &&
      queueUrl &&
      deadLetterQueueUrl
    )
      queues[consumer] = { queueUrl, deadLetterQueueUrl };
  }
  return queues;
}

/**
 * Dead letters on SQS. Listing receives from the DLQ with a visibility timeout and releases what it
 * saw at once (visibility 0), so nothing is consumed by looking. Redriving all starts an SQS message
 * move task back to the source queue; redriving chosen events receives, sends each match to the
 * source queue and only then deletes it from the DLQ (a crash in between duplicates, never loses:
 * consumers are idempotent). SQS records neither why nor when a message was dead-lettered.
 */
export function createSqsDeadLetterAdmin(opts: SqsDeadLetterAdminOptions): DeadLetterAdmin {
  const log = (opts.logger ?? libraryLogger).child({ component: 'sqs-dead-letters' });
  const waitTimeSeconds = opts.waitTimeSeconds ?? 1;
  const breaker = createBreaker(
    'sqs-dead-letters',
    // biome-ignore lint/suspicious/noExplicitAny: one breaker for the SQS commands this adapter sends.
    (cmd: any): Promise<any> => opts.sqs.send(cmd),
    {
      timeoutMs: (waitTimeSeconds + 10) * 1_000,
      volumeThreshold: 5,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 10_000,
    },
  );

  const queuesOf = (consumer: ConsumerName): SqsConsumerQueues => {
    const queues = opts.queues[consumer];
    if (!queues)
      throw new Error(`no queue URLs configured for consumer ${consumer} (${queueUrlEnv(consumer)})`);
    return queues;
  };

  const attributes = async (
    queueUrl: string,
    names: QueueAttributeName[],
  ): Promise<Record<string, string>> => {
    const out = await breaker.fire(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names }),
    );
    return out.Attributes ?? {};
  };

  /** Receives distinct messages until `enough` says stop, the DLQ has no more, or the scan limit. */
  const scan = async (
    dlqUrl: string,
    enough: (seenCount: number) => boolean,
    onMessage: (m: Message) => void = () => {},
  ): Promise<Message[]> => {
    const seen = new Map<string, Message>();
    while (seen.size < SQS_DEAD_LETTER_SCAN_LIMIT && !enough(seen.size)) {
      const out = await breaker.fire(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: SCAN_VISIBILITY_SECONDS,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      const fresh = (out.Messages ?? []).filter((m: Message) => m.MessageId && !seen.has(m.MessageId));
      if (fresh.length === 0) break;
      for (const m of fresh) {
        seen.set(m.MessageId!, m);
        onMessage(m);
      }
    }
    return [...seen.values()];
  };

  /** Visible again at once: a listing must not hide letters from a redrive clicked right after. */
  const release = async (dlqUrl: string, messages: Message[]): Promise<void> => {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      await breaker
        .fire(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: dlqUrl,
            Entries: batch.map((m, n) => ({
              Id: String(n),
              ReceiptHandle: m.ReceiptHandle!,
              VisibilityTimeout: 0,
            })),
          }),
        )
        .catch((err: unknown) => log.warn({ err: String(err) }, 'could not release scanned dead letters'));
    }
  };

  return {
    kind: 'sns-sqs',

    async list(consumer, window): Promise<DeadLetterPage> {
      const { deadLetterQueueUrl } = queuesOf(consumer);
      const counts = await attributes(deadLetterQueueUrl, [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ]);
      const total =
        Number(counts['ApproximateNumberOfMessages'] ?? 0) +
        Number(counts['ApproximateNumberOfMessagesNotVisible'] ?? 0);
      if (total === 0) return { total: 0, letters: [] };
      const wanted = window.offset + window.limit;
      const messages = await scan(deadLetterQueueUrl, (seen) => seen >= wanted);
      await release(deadLetterQueueUrl, messages);
      const letters = messages
        .map(summaryOf)
        .sort((a, b) => a.sentAt - b.sentAt || a.letter.id.localeCompare(b.letter.id))
        .slice(window.offset, wanted)
        .map(({ letter }) => letter);
      return { total: Math.max(total, messages.length), letters };
    },

    async redrive(consumer, eventIds): Promise<number> {
      const { queueUrl, deadLetterQueueUrl } = queuesOf(consumer);
      if (!eventIds) {
        const attrs = await attributes(deadLetterQueueUrl, ['QueueArn', 'ApproximateNumberOfMessages']);
        const count = Number(attrs['ApproximateNumberOfMessages'] ?? 0);
        if (count === 0) return 0;
        // Without a destination SQS moves each message back to the queue it was dead-lettered from.
        try {
          await breaker.fire(new StartMessageMoveTaskCommand({ SourceArn: attrs['QueueArn'] }));
        } catch (err) {
          // SQS runs one move task per DLQ at a time; a second "redrive all" is refused with a 400.
          if (isClientError(err)) {
            throw errors.conflict(
              `SQS refused to start moving ${consumer}'s dead letters (is a redrive already running?)`,
              'REDRIVE_REFUSED',
            );
          }
          throw err;
        }
        log.info({ consumer, count }, 'dead-letter move task started');
        return count;
      }
      const wanted = new Set(eventIds);
      const found = new Set<string>();
      const messages = await scan(
        deadLetterQueueUrl,
        () => found.size >= wanted.size,
        (m) => {
          const id = eventIdOf(m);
          if (wanted.has(id)) found.add(id);
        },
      );
      let moved = 0;
      const untouched: Message[] = [];
      for (const message of messages) {
        if (!wanted.has(eventIdOf(message))) {
          untouched.push(message);
          continue;
        }
        await breaker.fire(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes ? { MessageAttributes: copyable(message.MessageAttributes) } : {}),
          }),
        );
        await breaker.fire(
          new DeleteMessageCommand({ QueueUrl: deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        moved++;
      }
      await release(deadLetterQueueUrl, untouched);
      if (moved > 0) log.info({ consumer, moved }, 'dead letters redriven');
      return moved;
    },
  };
}

/** The envelope's id (raw message delivery: the body is the envelope); the SQS id for a body that is not one. */
function eventIdOf(message: Message): string {
  return envelopeOf(message)?.id ?? message.MessageId ?? '';
}

function envelopeOf(message: Message): { id: string; type?: string } | undefined {
  try {
    const parsed = JSON.parse(message.Body ?? '') as { id?: unknown; type?: unknown };
    if (typeof parsed.id !== 'string') return undefined;
    return { id: parsed.id, ...(typeof parsed.type === 'string' ? { type: parsed.type } : {}) };
  } catch {
    return undefined;
  }
}

function summaryOf(message: Message): { sentAt: number; letter: DeadLetterSummary } {
  const envelope = envelopeOf(message);
  return {
    sentAt: Number(message.Attributes?.SentTimestamp ?? 0),
    letter: {
      id: envelope?.id ?? message.MessageId ?? '',
      type: envelope?.type ?? message.MessageAttributes?.['type']?.StringValue ?? 'unknown',
      // The redrive policy moves a message on the receive after its MAX_RECEIVESth; the DLQ's own
      // receive count would also count every operator listing, so it is not reported.
      attempts: MAX_RECEIVES,
      reason: null,
      deadLetteredAt: null,
    },
  };
}

/** SendMessage takes String and Number attributes with a value (SNS's `type` and the trace header). */
function copyable(attrs: Record<string, MessageAttributeValue>): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attrs)
      .filter(([, v]) => v.StringValue !== undefined && (v.DataType ?? '').match(/^(String|Number)/))
      .map(([k, v]) => [k, { DataType: v.DataType, StringValue: v.StringValue }]),
  );
}
