/**
 * What a deployer chooses (typed, already validated by bin/) and what follows from the
 * environment name. Stacks and constructs receive these as props; nothing under lib/ reads
 * CDK context or process.env.
 */
import { Duration } from 'aws-cdk-lib';

export type EnvironmentName = 'dev' | 'prod';

/** Where the services' container images come from (see docs/deploy.md, "Image tags"). */
export type ImageSource =
  /** Build from the Dockerfile at deploy time (first deploy from a machine with Docker). */
  | { readonly kind: 'asset'; readonly directory: string }
  /** An image the pipeline pushed to the service's ECR repository under this tag. */
  | { readonly kind: 'tag'; readonly tag: string }
  /** The tag the pipeline deployed last, read from SSM at deploy time: a manual deploy never rolls back. */
  | { readonly kind: 'deployed' };

export interface SourceRepositorySettings {
  /** GitHub / Bitbucket / GitLab owner, e.g. `acme`. */
  readonly owner: string;
  readonly name: string;
  /** @default 'main' */
  readonly branch: string;
  /** CodeStar (CodeConnections) connection ARN, created once in the console. */
  readonly connectionArn: string;
}

export interface DeploymentSettings {
  readonly envName: EnvironmentName;
  /** Undefined account = environment-agnostic synthesis (no credentials needed). */
  readonly account?: string;
  /** Needed for ALB access logs (the ELB log-delivery principal is regional). */
  readonly region: string;
  /** Optional public domain; with a certificate the ALB serves HTTPS and redirects HTTP. */
  readonly domainName?: string;
  readonly certificateArn?: string;
  /** E-mail address subscribed to the alarm topic (confirmation mail on first deploy). */
  readonly alarmEmail?: string;
  /** Pipeline source; without it no pipeline stack is created. */
  readonly sourceRepository?: SourceRepositorySettings;
  readonly imageSource: ImageSource;
  /** Extra CORS origins for the api-gateway (the ALB / domain origin is always allowed). */
  readonly corsOrigins: readonly string[];
  /**
   * SES identity (verified domain or address) services with the `ses-send` grant send from.
   * @default domainName
   */
  readonly emailSenderIdentity?: string;
  /** Second region receiving a copy of every DocumentDB backup; none: backups stay in `region`. */
  readonly backupCopyRegion?: string;
}

/** Sizing and safety settings that differ between dev and prod. */
export interface EnvironmentProfile {
  readonly maxAzs: number;
  readonly natGateways: number;
  /** AZs that get an interface endpoint ENI (each costs per hour); other AZs use them cross-AZ. */
  readonly endpointAzs: number;
  readonly docDbInstances: number;
  readonly docDbInstanceClass: string;
  /** Connection limit of that instance class (alarm at 80 %). */
  readonly docDbMaxConnections: number;
  readonly backupRetention: Duration;
  readonly deletionProtection: boolean;
  readonly logRetentionDays: number;
  /** Requests per IP per 5 minutes before the WAF blocks it. */
  readonly wafRateLimitPer5Min: number;
  /** ECR images kept per repository (untagged ones expire after a day). */
  readonly imagesKept: number;
  /**
   * Blue/green bake time: how long the new (green) revision takes all traffic while the old (blue)
   * one stays up for an instant rollback. At least the deployment alarms' window (5 minutes of p95
   * latency), so a slow green is caught before blue is gone.
   */
  readonly blueGreenBakeTime: Duration;
}

export function environmentProfile(envName: EnvironmentName, accountKnown: boolean): EnvironmentProfile {
  if (envName === 'prod') {
    return {
      // Three AZs need an AZ lookup, which needs a known account; env-agnostic synth gets two.
      maxAzs: accountKnown ? 3 : 2,
      natGateways: accountKnown ? 3 : 2,
      endpointAzs: accountKnown ? 3 : 2,
      docDbInstances: 3,
      docDbInstanceClass: 'r6g.large',
      docDbMaxConnections: 1700,
      backupRetention: Duration.days(35),
      deletionProtection: true,
      logRetentionDays: 365,
      wafRateLimitPer5Min: 2000,
      imagesKept: 50,
      blueGreenBakeTime: Duration.minutes(15),
    };
  }
  return {
    maxAzs: 2,
    natGateways: 1,
    endpointAzs: 1,
    docDbInstances: 1,
    docDbInstanceClass: 't4g.medium',
    docDbMaxConnections: 500,
    backupRetention: Duration.days(7),
    deletionProtection: false,
    logRetentionDays: 30,
    wafRateLimitPer5Min: 1000,
    imagesKept: 15,
    blueGreenBakeTime: Duration.minutes(5),
  };
}

/** Names shared by the stacks, the buildspec and the deploy guide. */
export const platformNames = {
  stackPrefix: (envName: EnvironmentName) => `B2b-${envName}`,
  /** SSM parameter the pipeline writes after each deploy: the image tag now running. */
  deployedImageTagParameter: (envName: EnvironmentName) => `/b2b/${envName}/deployed-image-tag`,
  serviceConnectNamespace: (envName: EnvironmentName) => `b2b-${envName}.internal`,
  wafLogGroup: (envName: EnvironmentName) => `aws-waf-logs-b2b-${envName}`,
  ecrRepository: (envName: EnvironmentName, service: string) => `b2b-${envName}/${service}`,
  /** AWS Backup vault of the DocumentDB backups: the same name in the region and the copy region. */
  backupVault: (envName: EnvironmentName) => `b2b-${envName}-docdb`,
  /**
   * The alarms a deployment of a service watches (ECS rolls back when one fires during the
   * deployment or its bake time). Named, not referenced: the observability stack creates them after
   * the services stack, so the services stack can only know their names.
   */
  deploymentAlarms: (envName: EnvironmentName, service: string) => ({
    errors5xx: `b2b-${envName}-${service}-errors-5xx`,
    latencyP95: `b2b-${envName}-${service}-latency-p95`,
  }),
} as const;
