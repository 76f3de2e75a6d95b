import type { ServiceName } from '@b2b/shared/catalogue';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import type { Construct } from 'constructs';
import { type EnvironmentName, platformNames } from '../config/deployment-settings.ts';
import { pinLogicalId } from '../constructs/pin-logical-id.ts';

/** `api-gateway` → `EcrRepositoryApiGateway`: stable, derived from the catalogue name only. */
export function repositoryLogicalId(service: string): string {
  const pascal = service
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return `EcrRepository${pascal}`;
}

export interface RegistryStackProps extends StackProps {
  readonly envName: EnvironmentName;
  readonly services: readonly ServiceName[];
  readonly imagesKept: number;
}

/** One ECR repository per deployed service; kept on teardown (images are release history). */
export class RegistryStack extends Stack {
  readonly repositories: ReadonlyMap<ServiceName, ecr.Repository>;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    const repositories = new Map<ServiceName, ecr.Repository>();
    for (const service of props.services) {
      const repository = new ecr.Repository(this, `Repository-${service}`, {
        repositoryName: platformNames.ecrRepository(props.envName, service),
        imageScanOnPush: true,
        // A commit tag always names the same image: a deploy of tag X is reproducible.
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [
          {
            rulePriority: 1,
            description: 'Untagged layers from interrupted pushes',
            tagStatus: ecr.TagStatus.UNTAGGED,
            maxImageAge: Duration.days(1),
          },
          {
            rulePriority: 2,
            description: 'Keep the most recent releases for rollbacks',
            tagStatus: ecr.TagStatus.ANY,
            maxImageCount: props.imagesKept,
          },
        ],
      });
      pinLogicalId(repository, repositoryLogicalId(service));
      repositories.set(service, repository);
    }
    this.repositories = repositories;
  }
}
