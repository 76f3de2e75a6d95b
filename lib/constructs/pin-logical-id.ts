import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Fix the CloudFormation logical id of a stateful resource. Without it a refactor that moves the
 * construct in the tree changes the id, and CloudFormation replaces (deletes) the resource.
 */
export function pinLogicalId(construct: IConstruct, logicalId: string): void {
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`pinLogicalId: ${construct.node.path} has no CloudFormation resource`);
  }
  resource.overrideLogicalId(logicalId);
}
