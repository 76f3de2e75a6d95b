import {
  consumers,
  events,
  eventsConsumedBy,
  producers,
  queueName,
  topicName,
  topicsConsumedBy,
} from '@b2b/shared/catalogue';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltPlatform,
  buildPlatform,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  settings,
} from './platform-fixture.ts';

let platform: BuiltPlatform;

beforeAll(() => {
  platform = buildPlatform(settings({ envName: 'dev' }));
}, SYNTH_TIMEOUT_MS);

const resolveLogicalId = (ref: unknown): string => {
  const value = ref as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return value.Ref ?? value['Fn::GetAtt']?.[0] ?? '';
};

describe('messaging stack, generated from the event catalogue', () => {
  it('has one KMS-encrypted, TLS-only topic per producer', () => {
    const template = platform.template('messaging');
    const topics = resourcesOf(template, 'AWS::SNS::Topic');
    expect(
      Object.values(topics)
        .map((t) => t.Properties?.TopicName)
        .sort(),
    ).toEqual(producers.map((p) => `b2b-dev-${topicName(p)}`).sort());
    for (const topic of Object.values(topics)) expect(topic.Properties?.KmsMasterKeyId).toBeDefined();
    const policies = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy'));
    expect(policies.length).toBe(producers.length);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('has one queue per consumer, each with an encrypted DLQ after 5 receives and a TLS-only policy', () => {
    const template = platform.template('messaging');
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    for (const consumer of consumers) {
      const name = `b2b-dev-${queueName(consumer)}`;
      const [, queue] = Object.entries(queues).find(([, q]) => q.Properties?.QueueName === name) ?? [];
      expect(queue, name).toBeDefined();
      expect(queue!.Properties?.SqsManagedSseEnabled).toBe(true);
      const redrive = queue!.Properties?.RedrivePolicy as {
        deadLetterTargetArn: unknown;
        maxReceiveCount: number;
      };
      expect(redrive.maxReceiveCount).toBe(5);
      const dlq = queues[resolveLogicalId(redrive.deadLetterTargetArn)];
      expect(dlq?.Properties?.QueueName).toBe(`${name}-dlq`);
      expect(dlq?.Properties?.SqsManagedSseEnabled).toBe(true);
    }
    expect(Object.keys(queues).length).toBe(consumers.length * 2);
    const policies = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'));
    const tlsOnly = policies.filter((p) =>
      JSON.stringify(p.Properties?.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(tlsOnly.length).toBe(consumers.length * 2);
  });

  it('alarms to the alarm topic when any DLQ holds a message', () => {
    const template = platform.template('messaging');
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBe(consumers.length);
    const alarmTopicLogicalId = platform.stacks.alerting.getLogicalId(
      platform.stacks.alerting.alarmTopic.node.defaultChild as never,
    );
    for (const alarm of alarms) {
      const props = alarm.Properties!;
      expect(props).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      const queueId = resolveLogicalId((props.Dimensions as { Value: unknown }[])[0]!.Value);
      expect(String(queues[queueId]?.Properties?.QueueName)).toMatch(/-dlq$/);
      expect(JSON.stringify(props.AlarmActions)).toContain(alarmTopicLogicalId);
    }
  });

  it('subscribes each queue to exactly the topics it consumes, filtered on the event types', () => {
    const template = platform.template('messaging');
    const topics = resourcesOf(template, 'AWS::SNS::Topic');
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const subscriptions = Object.values(resourcesOf(template, 'AWS::SNS::Subscription')).map((s) => ({
      topic: String(topics[resolveLogicalId(s.Properties!.TopicArn)]?.Properties?.TopicName),
      queue: String(queues[resolveLogicalId(s.Properties!.Endpoint)]?.Properties?.QueueName),
      props: s.Properties!,
    }));
    const expected = consumers.flatMap((consumer) =>
      topicsConsumedBy(consumer).map((producer) => ({
        topic: `b2b-dev-${topicName(producer)}`,
        queue: `b2b-dev-${queueName(consumer)}`,
        types: eventsConsumedBy(consumer).filter((t) => events[t].producer === producer),
      })),
    );
    expect(subscriptions.length).toBe(expected.length);
    for (const want of expected) {
      const got = subscriptions.find((s) => s.topic === want.topic && s.queue === want.queue);
      expect(got, `${want.topic} → ${want.queue}`).toBeDefined();
      expect(got!.props.Protocol).toBe('sqs');
      expect(got!.props.RawMessageDelivery).toBe(true);
      expect(got!.props.FilterPolicy).toEqual({ type: want.types });
    }
  });

  it('lets each topic deliver only into the queues subscribed to it', () => {
    const template = platform.template('messaging');
    for (const policy of Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))) {
      const statements = (policy.Properties!.PolicyDocument as { Statement: Record<string, unknown>[] })
        .Statement;
      for (const statement of statements.filter((s) => s.Action === 'sqs:SendMessage')) {
        expect(statement.Principal).toEqual({ Service: 'sns.amazonaws.com' });
        expect(JSON.stringify(statement.Condition)).toContain('aws:SourceArn');
      }
    }
  });
});
