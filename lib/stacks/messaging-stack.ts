import {
  type ConsumerName,
  consumers,
  events,
  eventsConsumedBy,
  type ProducerName,
  producers,
  queueName,
  topicName,
  topicsConsumedBy,
} from '@b2b/shared/catalogue';
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { EventQueue } from '../constructs/event-queue.ts';

export interface MessagingStackProps extends StackProps {
  readonly envName: string;
  readonly alarmTopic: sns.ITopic;
}

/**
 * One SNS topic per producer and one SQS queue (+DLQ +alarm) per consumer, subscribed with a
 * filter policy on the `type` attribute: all generated from the event catalogue.
 */
export class MessagingStack extends Stack {
  readonly topics: ReadonlyMap<ProducerName, sns.Topic>;
  readonly queues: ReadonlyMap<ConsumerName, EventQueue>;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the event topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const topics = new Map<ProducerName, sns.Topic>();
    for (const producer of producers) {
      topics.set(
        producer,
        new sns.Topic(this, `Topic-${producer}`, {
          topicName: `b2b-${props.envName}-${topicName(producer)}`,
          masterKey: key,
          enforceSSL: true,
        }),
      );
    }

    const queues = new Map<ConsumerName, EventQueue>();
    for (const consumer of consumers) {
      const eventQueue = new EventQueue(this, `Queue-${consumer}`, {
        queueName: `b2b-${props.envName}-${queueName(consumer)}`,
        alarmTopic: props.alarmTopic,
      });
      queues.set(consumer, eventQueue);
      const consumed = eventsConsumedBy(consumer);
      for (const producer of topicsConsumedBy(consumer)) {
        const types = consumed.filter((type) => events[type].producer === producer);
        topics.get(producer)!.addSubscription(
          new subscriptions.SqsSubscription(eventQueue.queue, {
            // Consumers read the envelope itself, not an SNS wrapper around it.
            rawMessageDelivery: true,
            filterPolicy: { type: sns.SubscriptionFilter.stringFilter({ allowlist: types }) },
          }),
        );
      }
    }
    this.topics = topics;
    this.queues = queues;
  }
}
