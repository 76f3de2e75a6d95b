import type { ServiceName } from '@b2b/shared/catalogue';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { ImageSource } from '../config/deployment-settings.ts';

export interface ServiceImagesProps {
  readonly source: ImageSource;
  readonly repositories: ReadonlyMap<ServiceName, ecr.IRepository>;
  /** SSM parameter the pipeline writes after each deploy (used by `kind: 'deployed'`). */
  readonly deployedTagParameter: string;
}

/**
 * The image of each service, by image source (docs/deploy.md, "Image tags"):
 * - asset: built from the Dockerfile during `cdk deploy` (first deploy, no image pushed yet);
 * - tag: `<repository>:<tag>` the pipeline pushed;
 * - deployed: `<repository>:<tag from SSM>`, resolved by CloudFormation at deploy time, so a
 *   manual deploy keeps whatever the pipeline deployed last.
 */
export function serviceImages(
  scope: Construct,
  props: ServiceImagesProps,
): (name: ServiceName) => ecs.ContainerImage {
  const { source } = props;
  const deployedTag =
    source.kind === 'deployed'
      ? ssm.StringParameter.valueForStringParameter(scope, props.deployedTagParameter)
      : undefined;
  return (name) => {
    if (source.kind === 'asset') {
      return ecs.ContainerImage.fromAsset(source.directory, {
        file: 'Dockerfile',
        buildArgs: { SERVICE: name },
        platform: Platform.LINUX_AMD64,
      });
    }
    const repository = props.repositories.get(name);
    if (!repository) throw new Error(`No ECR repository for ${name}`);
    return ecs.ContainerImage.fromEcrRepository(repository, source.kind === 'tag' ? source.tag : deployedTag);
  };
}
