/**
 * cfn-lint (run on every synthesised template by .ci/run) with the schemas it ships: 1.51.0, the
 * release available here, predates CloudFormation's `Tags` on a few resource types that CDK
 * 2.276 tags (its generated L1s carry them, from the current registry schemas). cfn-lint reports
 * those as E3002 "Tags was unexpected". The acknowledgement sits on each such resource only, as
 * template metadata cfn-lint reads, so E3002 still fails every other resource.
 */
import { CfnResource, type IAspect } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Resource types whose `Tags` cfn-lint 1.51's schemas do not know yet (each added to CloudFormation in 2025). */
export const TAGS_NEWER_THAN_CFN_LINT_SCHEMAS: ReadonlySet<string> = new Set([
  'AWS::CloudWatch::Dashboard',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ApplicationAutoScaling::ScalableTarget',
]);

export class AcknowledgeStaleCfnLintSchemas implements IAspect {
  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || !TAGS_NEWER_THAN_CFN_LINT_SCHEMAS.has(node.cfnResourceType))
      return;
    node.addMetadata('cfn-lint', { config: { ignore_checks: ['E3002'] } });
  }
}
