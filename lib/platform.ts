/**
 * Composes the stacks of one environment. bin/app.ts calls it with settings from CDK context;
 * the tests call it with literal settings.
 */

import { liveServices, type ServiceName } from '@b2b/shared/catalogue';
import { Aspects, type Environment, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type DeploymentSettings, environmentProfile, platformNames } from './config/deployment-settings.ts';
import { AcknowledgeStaleCfnLintSchemas } from './constructs/cfn-lint-acknowledgements.ts';
import { AlertingStack } from './stacks/alerting-stack.ts';
import { BackupCopyStack } from './stacks/backup-copy-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { MessagingStack } from './stacks/messaging-stack.ts';
import { NetworkStack } from './stacks/network-stack.ts';
import { ObservabilityStack } from './stacks/observability-stack.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';
import { RegistryStack } from './stacks/registry-stack.ts';
import { ServicesStack } from './stacks/services-stack.ts';

export interface PlatformStacks {
  readonly alerting: AlertingStack;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly messaging: MessagingStack;
  readonly registry: RegistryStack;
  readonly services: ServicesStack;
  readonly observability: ObservabilityStack;
  readonly pipeline?: PipelineStack;
  /** The backup copy vault in `backupCopyRegion`, when one is configured. */
  readonly backupCopy?: BackupCopyStack;
}

export interface PlatformOptions {
  /** Which catalogue entries to deploy; defaults to the live ones. */
  readonly services?: readonly ServiceName[];
  /** Context echoed into the pipeline so its synth matches this one (see PipelineStackProps). */
  readonly deployContext?: Record<string, string>;
}

export function createPlatform(
  scope: Construct,
  settings: DeploymentSettings,
  options: PlatformOptions = {},
): PlatformStacks {
  const { envName } = settings;
  const profile = environmentProfile(envName, settings.account !== undefined);
  const env: Environment = { account: settings.account, region: settings.region };
  const prefix = platformNames.stackPrefix(envName);
  const deployed = options.services ?? liveServices();
  const description = (what: string) => `B2B commerce platform (${envName}): ${what}`;

  const alerting = new AlertingStack(scope, `${prefix}-Alerting`, {
    env,
    description: description('alarm topic'),
    alarmEmail: settings.alarmEmail,
  });
  const network = new NetworkStack(scope, `${prefix}-Network`, {
    env,
    description: description('VPC, flow logs, endpoints'),
    profile,
  });
  const backupCopy = settings.backupCopyRegion
    ? new BackupCopyStack(scope, `${prefix}-BackupCopy`, {
        env: { account: settings.account, region: settings.backupCopyRegion },
        description: description(`DocumentDB backup copies (${settings.backupCopyRegion})`),
        envName,
      })
    : undefined;
  const data = new DataStack(scope, `${prefix}-Data`, {
    env,
    description: description('DocumentDB'),
    envName,
    vpc: network.vpc,
    profile,
    services: deployed,
    backupCopyRegion: settings.backupCopyRegion,
  });
  // The copy vault must exist before the plan's first copy (deploy order only: no reference).
  if (backupCopy) data.addDependency(backupCopy);
  const messaging = new MessagingStack(scope, `${prefix}-Messaging`, {
    env,
    description: description('SNS topics and SQS queues from the event catalogue'),
    envName,
    alarmTopic: alerting.alarmTopic,
  });
  const registry = new RegistryStack(scope, `${prefix}-Registry`, {
    env,
    description: description('ECR repositories'),
    envName,
    services: deployed,
    imagesKept: profile.imagesKept,
  });
  const services = new ServicesStack(scope, `${prefix}-Services`, {
    env,
    description: description('ECS services, ALB, WAF'),
    envName,
    profile,
    vpc: network.vpc,
    services: deployed,
    imageSource: settings.imageSource,
    repositories: registry.repositories,
    databaseSecretArns: new Map([...data.serviceSecrets].map(([name, secret]) => [name, secret.secretArn])),
    databaseSecretKeyArn: data.key.keyArn,
    databaseClientSecurityGroup: data.clientSecurityGroup,
    topics: messaging.topics,
    queues: messaging.queues,
    certificateArn: settings.certificateArn,
    domainName: settings.domainName,
    corsOrigins: settings.corsOrigins,
    emailSenderIdentity: settings.emailSenderIdentity,
    alarmTopic: alerting.alarmTopic,
  });
  const observability = new ObservabilityStack(scope, `${prefix}-Observability`, {
    env,
    description: description('dashboards and alarms'),
    envName,
    profile,
    alarmTopic: alerting.alarmTopic,
    cluster: services.cluster,
    deployed: services.deployed,
    queues: messaging.queues,
    database: data.cluster,
  });
  const pipeline = settings.sourceRepository
    ? new PipelineStack(scope, `${prefix}-Pipeline`, {
        env,
        description: description('CodePipeline'),
        envName,
        source: settings.sourceRepository,
        repositories: registry.repositories,
        deployContext: options.deployContext ?? {},
      })
    : undefined;

  for (const stack of [
    alerting,
    network,
    data,
    messaging,
    registry,
    services,
    observability,
    pipeline,
    backupCopy,
  ]) {
    if (!stack) continue;
    Tags.of(stack).add('project', 'b2b-commerce');
    Tags.of(stack).add('environment', envName);
    Aspects.of(stack).add(new AcknowledgeStaleCfnLintSchemas());
  }
  return { alerting, network, data, messaging, registry, services, observability, pipeline, backupCopy };
}
