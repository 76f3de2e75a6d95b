import type { CfnResource } from 'aws-cdk-lib';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge individual AwsSolutions-IAM5 findings (`Action::s3:GetObject*`,
 * `Resource::<Bucket.Arn>/*`, …) on one construct subtree, all for the same reason. Every finding
 * is named; a new wildcard elsewhere still fails the check.
 */
export function acknowledgeWildcards(scope: IConstruct, findings: readonly string[], reason: string): void {
  for (const finding of findings) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** How cdk-nag renders an ARN built from the stack's account and region inside a finding id. */
export function nagArn(scope: IConstruct, service: string, resource: string): string {
  const stack = Stack.of(scope);
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  // With a known region the partition is a literal (feature flag enablePartitionLiterals).
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/** `<LogicalId>` as cdk-nag prints a reference to a resource in the same stack. */
export function nagRef(resource: CfnResource): string {
  return `<${Stack.of(resource).getLogicalId(resource)}>`;
}
