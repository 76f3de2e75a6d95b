import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { ConsumerName, ProducerName } from '../catalogue.ts';
import { createMongo } from '../db/mongo.ts';
import { captureAwsClient } from '../tracing/index.ts';
import type { DeadLetterAdmin } from './dead-letters.ts';
import { createDocStoreEventBus, type DocStoreEventBus } from './docstore.ts';
import type { EventBus } from './port.ts';
import { createSnsSqsEventBus } from './sns-sqs.ts';
import { createSqsDeadLetterAdmin, type SqsConsumerQueues } from './sqs-dead-letters.ts';

/** The settings of CONTRIBUTING.md's environment contract the bus needs (a subset of `loadConfig`'s result). */
export interface EventBusConfig {
  EVENT_BUS?: 'sns-sqs' | 'docstore';
  SERVICE_NAME?: string;
  AWS_REGION?: string;
  EVENT_QUEUE_URL?: string;
  EVENT_BUS_MONGODB_URI?: string;
  MONGODB_URI?: string;
  /** Handlers each consumer runs at once, unless `consume()` is given its own; default 4. */
  EVENT_CONSUMER_CONCURRENCY?: number;
  /** From `EVENT_TOPIC_ARN_<PRODUCER>`, keyed by producer. */
  eventTopicArns?: Record<string, string>;
}

export const EVENT_BUS_DB_NAME = 'eventbus';

/**
 * The one place that picks the bus adapter: `EVENT_BUS=sns-sqs` in AWS, `docstore` locally and in
 * tests. `deps.db` overrides the database holding the docstore queues (tests).
 */
export function createEventBus(config: EventBusConfig, deps: { db?: Db; logger?: Logger } = {}): EventBus {
  const concurrency =
    config.EVENT_CONSUMER_CONCURRENCY === undefined ? {} : { concurrency: config.EVENT_CONSUMER_CONCURRENCY };
  if (config.EVENT_BUS === 'sns-sqs') {
    const region = config.AWS_REGION;
    return createSnsSqsEventBus({
      sns: captureAwsClient(new SNSClient({ region })),
      sqs: captureAwsClient(new SQSClient({ region })),
      topicArns: (config.eventTopicArns ?? {}) as Partial<Record<ProducerName, string>>,
      queueUrl: config.EVENT_QUEUE_URL,
      logger: deps.logger,
      ...concurrency,
    });
  }
  if (config.EVENT_BUS === 'docstore') {
    if (deps.db) return createDocStoreEventBus({ db: deps.db, logger: deps.logger, ...concurrency });
    const uri = config.EVENT_BUS_MONGODB_URI ?? config.MONGODB_URI;
    if (!uri) throw new Error('EVENT_BUS=docstore needs EVENT_BUS_MONGODB_URI or MONGODB_URI');
    const mongo = createMongo({ uri, dbName: EVENT_BUS_DB_NAME, appName: config.SERVICE_NAME ?? 'eventbus' });
    return createDocStoreEventBus({
      db: mongo.db,
      logger: deps.logger,
      ...concurrency,
      onClose: () => mongo.close(),
    });
  }
  throw new Error(`EVENT_BUS must be sns-sqs or docstore, got ${String(config.EVENT_BUS)}`);
}

/**
 * The operator's dead-letter port for the bus in use: on the docstore bus the same queues the bus
 * consumes; on SNS/SQS every consumer's queue and DLQ (`sqsConsumerQueuesFromEnv`, set by the CDK for
 * services with the `dead-letter-redrive` grant).
 */
export function createDeadLetterAdmin(
  config: Pick<EventBusConfig, 'EVENT_BUS' | 'AWS_REGION'>,
  deps: { bus: EventBus; sqsQueues?: Partial<Record<ConsumerName, SqsConsumerQueues>>; logger?: Logger },
): DeadLetterAdmin {
  if (deps.bus.kind === 'docstore') return (deps.bus as DocStoreEventBus).deadLetters;
  if (config.EVENT_BUS !== 'sns-sqs')
    throw new Error(`no dead-letter admin for EVENT_BUS=${String(config.EVENT_BUS)}`);
  return createSqsDeadLetterAdmin({
    sqs: captureAwsClient(new SQSClient({ region: config.AWS_REGION })),
    queues: deps.sqsQueues ?? {},
    logger: deps.logger,
  });
}
