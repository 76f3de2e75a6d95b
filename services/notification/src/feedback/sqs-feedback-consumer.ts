/**
 * Reads the SES feedback queue (SES → SNS topic → this SQS queue, created by the CDK's
 * EmailSending construct) and hands each notification to `handle`. A message is deleted only once
 * handled; one that fails is received again after the visibility timeout, and one that is not an
 * SES notification at all is left alone, so the queue's redrive policy moves it to the
 * dead-letter queue (and its alarm) after MAX_RECEIVES receives.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Log } from '../domain/context.ts';
import { parseFeedbackMessage, type SesFeedback } from './ses-feedback.ts';

export interface FeedbackConsumerOptions {
  sqs: SQSClient;
  queueUrl: string;
  handle: (feedback: SesFeedback) => Promise<void>;
  log: Log;
  /** Long-poll wait (SQS's maximum, 20 s, by default). */
  waitSeconds?: number;
  /** Pause after a failed receive (the queue unreachable), so the loop does not spin. */
  errorPauseMs?: number;
}

export interface FeedbackConsumer {
  /** Stops receiving (a long poll in flight is aborted) and waits for the batch being handled. */
  stop(): Promise<void>;
}

export function startSesFeedbackConsumer(options: FeedbackConsumerOptions): FeedbackConsumer {
  const stopping = new AbortController();
  const { sqs, queueUrl, log } = options;

  async function handleOne(message: Message) {
    let feedback: SesFeedback;
    try {
      feedback = parseFeedbackMessage(message.Body ?? '');
    } catch (err) {
      log.warn({ messageId: message.MessageId, reason: String(err) }, 'not SES feedback; left for the DLQ');
      return;
    }
    try {
      await options.handle(feedback);
    } catch (err) {
      log.warn(
        { messageId: message.MessageId, reason: String(err) },
        'feedback not recorded; will be retried',
      );
      return;
    }
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }

  const loop = async () => {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: options.waitSeconds ?? 20,
          }),
          { abortSignal: stopping.signal },
        );
        messages = out.Messages ?? [];
      } catch (err) {
        if (stopping.signal.aborted) break;
        log.warn({ reason: String(err) }, 'feedback queue receive failed');
        await sleep(options.errorPauseMs ?? 5_000, undefined, { signal: stopping.signal }).catch(() => {});
        continue;
      }
      for (const message of messages) {
        await handleOne(message).catch((err) =>
          log.warn({ messageId: message.MessageId, reason: String(err) }, 'feedback message not deleted'),
        );
      }
    }
  };
  const done = loop();
  return {
    async stop() {
      stopping.abort();
      await done;
    },
  };
}
