/**
 * What SES needs before a service may send: the sender identity (a domain with Easy DKIM, or one
 * address) and a configuration set that keeps reputation metrics and suppresses addresses that
 * bounced or complained. The DNS records SES asks for (DKIM CNAMEs, SPF, DMARC) are published by
 * whoever runs the domain: docs/deploy.md lists them.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { EventQueue } from './event-queue.ts';

export interface EmailSendingProps {
  /** A domain (`shop.example.com`) or an address (`orders@example.com`). */
  readonly identity: string;
  /** Configuration set name, unique per account and region (so per environment). */
  readonly configurationSetName: string;
  /**
   * Bounce and complaint feedback for a consuming service (catalogue grant `ses-feedback`): the
   * configuration set publishes both events to an encrypted topic, which feeds a queue with its
   * dead-letter queue and alarm, like the event queues.
   */
  readonly feedback?: { readonly queueName: string; readonly alarmTopic: sns.ITopic };
}

export class EmailSending extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** Bounces and complaints, for the service with the `ses-feedback` grant (when `feedback` is given). */
  readonly feedbackQueue?: EventQueue;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@')
        ? ses.Identity.email(props.identity)
        : ses.Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
    if (props.feedback) this.feedbackQueue = this.publishFeedback(props.feedback);
  }

  private publishFeedback(feedback: NonNullable<EmailSendingProps['feedback']>): EventQueue {
    // SES publishes into the topic, so it may use the topic's key (an AWS-managed key would refuse it).
    const key = new kms.Key(this, 'FeedbackKey', {
      description: 'Encrypts SES bounce and complaint notifications (they carry recipient addresses)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    const topic = new sns.Topic(this, 'FeedbackTopic', { masterKey: key, enforceSSL: true });
    // The configuration set's destination also writes the topic policy letting SES (this set only) publish.
    new ses.ConfigurationSetEventDestination(this, 'FeedbackDestination', {
      configurationSet: this.configurationSet,
      destination: ses.EventDestination.snsTopic(topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    const queue = new EventQueue(this, 'FeedbackQueue', {
      queueName: feedback.queueName,
      alarmTopic: feedback.alarmTopic,
    });
    // Raw delivery: the consumer reads SES's JSON itself (it also accepts an SNS envelope).
    topic.addSubscription(new subscriptions.SqsSubscription(queue.queue, { rawMessageDelivery: true }));
    return queue;
  }
}
