/**
 * The catalogue's `AwsGrant`s as IAM statements on one service's task role. Each kind is written
 * once here; a service gains a permission by naming the kind in its catalogue entry.
 */
import type { AwsGrant, ConsumerName } from '@b2b/shared/catalogue';
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { EventQueue } from './event-queue.ts';

export interface GrantContext {
  readonly taskRole: iam.IRole;
  /** SES identity (domain or address) mail is sent from; required by `ses-send`. */
  readonly emailSenderIdentity?: string;
  /** The service's own topic, which an SMS grant must not take away. */
  readonly ownTopicArn?: string;
  /** The SES bounce/complaint queue (EmailSending's `feedbackQueue`); required by `ses-feedback`. */
  readonly emailFeedbackQueue?: sqs.IQueue;
  /** Every consumer's queue and DLQ (the messaging stack's); required by `dead-letter-redrive`. */
  readonly eventQueues?: ReadonlyMap<ConsumerName, EventQueue>;
}

/** Sids of the `dead-letter-redrive` statements (tests find them by these). */
export const DEAD_LETTER_SIDS = {
  deadLetterQueues: 'InspectAndRedriveDeadLetters',
  sourceQueues: 'RedriveToSourceQueues',
};

export function applyGrant(scope: Construct, grant: AwsGrant, ctx: GrantContext): void {
  switch (grant.kind) {
    case 'ses-send':
      grantSesSend(scope, ctx);
      break;
    case 'sms-publish':
      grantSmsPublish(scope, ctx);
      break;
    case 'ses-feedback':
      if (!ctx.emailFeedbackQueue) {
        throw new Error(
          `${scope.node.path}: SES feedback needs the email sending resources (ses-send and an identity)`,
        );
      }
      ctx.emailFeedbackQueue.grantConsumeMessages(ctx.taskRole);
      break;
    case 'dead-letter-redrive':
      grantDeadLetterRedrive(scope, ctx);
      break;
  }
}

function grantSesSend(scope: Construct, ctx: GrantContext): void {
  if (!ctx.emailSenderIdentity) {
    throw new Error(
      `${scope.node.path}: sending email needs a sender identity (context "emailSenderIdentity" or "domainName")`,
    );
  }
  ctx.taskRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'SendEmailFromSenderIdentity',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        Stack.of(scope).formatArn({
          service: 'ses',
          resource: 'identity',
          resourceName: ctx.emailSenderIdentity,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      ],
    }),
  );
}

/**
 * SMS goes to a phone number, which has no ARN: AWS requires `Resource: *` for it. A separate
 * policy carries the statement so its acknowledgement is its own, and an explicit Deny keeps the
 * service from publishing to the platform's topics through it.
 */
function grantSmsPublish(scope: Construct, ctx: GrantContext): void {
  const stack = Stack.of(scope);
  const statements = [
    new iam.PolicyStatement({ sid: 'PublishSmsToPhoneNumbers', actions: ['sns:Publish'], resources: ['*'] }),
  ];
  // A producer keeps publishing to its own topic: a Deny cannot exempt one ARN without also
  // denying phone numbers, so only non-producers get it.
  if (!ctx.ownTopicArn) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'NoTopicPublishThroughSms',
        effect: iam.Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${stack.partition}:sns:*:*:*`],
      }),
    );
  }
  const policy = new iam.Policy(scope, 'SmsPublish', { statements, roles: [ctx.taskRole] });
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'sns:Publish with a PhoneNumber (SMS) has no resource ARN, so AWS requires Resource *; an explicit ' +
      'Deny on every topic ARN keeps this statement from reaching the event topics.',
  });
}

/**
 * What the dead-letter admin sends (shared/src/events/sqs-dead-letters.ts), nothing else: on the
 * DLQs count (GetQueueAttributes), look (ReceiveMessage, then ChangeMessageVisibility to release),
 * move one (DeleteMessage after the send) or all (StartMessageMoveTask, which itself needs receive,
 * delete and attributes on its source); on the source queues only SendMessage, for the way back.
 */
function grantDeadLetterRedrive(scope: Construct, ctx: GrantContext): void {
  const queues = [...(ctx.eventQueues?.values() ?? [])];
  if (queues.length === 0) throw new Error(`${scope.node.path}: dead-letter redrive needs the event queues`);
  ctx.taskRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: DEAD_LETTER_SIDS.deadLetterQueues,
      actions: [
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:StartMessageMoveTask',
      ],
      resources: queues.map((q) => q.deadLetterQueue.queueArn),
    }),
  );
  ctx.taskRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: DEAD_LETTER_SIDS.sourceQueues,
      actions: ['sqs:SendMessage'],
      resources: queues.map((q) => q.queue.queueArn),
    }),
  );
}
