/**
 * Reads and validates everything a deployer sets through CDK context (`-c key=value` or the
 * `context` block of cdk.json). The only place besides bin/app.ts that knows context keys.
 */
import type { DeploymentSettings, EnvironmentName, ImageSource } from '../lib/config/deployment-settings.ts';

/** Context keys, their meaning and defaults: docs/deploy.md repeats this table. */
export const contextKeys = [
  'env',
  'account',
  'region',
  'domainName',
  'certificateArn',
  'alarmEmail',
  'repositoryOwner',
  'repositoryName',
  'repositoryBranch',
  'connectionArn',
  'imageTag',
  'corsOrigins',
  'emailSenderIdentity',
  'backupCopyRegion',
] as const;
export type ContextKey = (typeof contextKeys)[number];

export interface ContextInput {
  /** `app.node.tryGetContext`. */
  readonly get: (key: ContextKey) => unknown;
  /** CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION, set by the CDK CLI from the AWS profile. */
  readonly defaultAccount?: string;
  readonly defaultRegion?: string;
  /** Repository root: the Docker build context of the first (asset) deploy. */
  readonly repositoryRoot: string;
}

export class ContextError extends Error {
  override readonly name = 'ContextError';
}

function text(input: ContextInput, key: ContextKey): string | undefined {
  const value = input.get(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new ContextError(`context "${key}" must be a string`);
  }
  return String(value).trim();
}

function matching(input: ContextInput, key: ContextKey, pattern: RegExp, hint: string): string | undefined {
  const value = text(input, key);
  if (value !== undefined && !pattern.test(value)) {
    throw new ContextError(`context "${key}" is not ${hint}: ${JSON.stringify(value)}`);
  }
  return value;
}

const patterns = {
  account: /^\d{12}$/,
  region: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
  domain: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i,
  certificateArn: /^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/,
  connectionArn:
    /^arn:aws[\w-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  repositoryPart: /^[A-Za-z0-9_.-]{1,100}$/,
  branch: /^[A-Za-z0-9._/-]{1,200}$/,
  // Docker tag grammar; `deployed` is the reserved keyword.
  imageTag: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  origin: /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
};

export function readDeploymentSettings(input: ContextInput): DeploymentSettings {
  const envName = text(input, 'env') ?? 'dev';
  if (envName !== 'dev' && envName !== 'prod') {
    throw new ContextError(`context "env" must be "dev" or "prod", got ${JSON.stringify(envName)}`);
  }
  const account =
    matching(input, 'account', patterns.account, 'a 12-digit account id') ??
    (input.defaultAccount && patterns.account.test(input.defaultAccount) ? input.defaultAccount : undefined);
  const region =
    matching(input, 'region', patterns.region, 'an AWS region') ?? input.defaultRegion ?? 'us-east-1';
  if (!patterns.region.test(region))
    throw new ContextError(`region ${JSON.stringify(region)} is not an AWS region`);

  // Host names are case-insensitive; browsers send them lower-case in the Origin header.
  const domainName = matching(input, 'domainName', patterns.domain, 'a domain name')?.toLowerCase();
  const certificateArn = matching(input, 'certificateArn', patterns.certificateArn, 'an ACM certificate ARN');
  if (certificateArn && !domainName) {
    throw new ContextError('context "certificateArn" needs "domainName" (the name the certificate is for)');
  }
  // An ALB only takes certificates from ACM in its own region and account; CloudFormation would
  // say so only when the services stack deploys, half an hour into the first deploy.
  const [, , , certificateRegion, certificateAccount] = certificateArn?.split(':') ?? [];
  if (certificateArn && certificateRegion !== region) {
    throw new ContextError(
      `context "certificateArn" is in ${certificateRegion}, the deployment in ${region}: request the certificate in ${region}`,
    );
  }
  if (certificateArn && account && certificateAccount !== account) {
    throw new ContextError(
      `context "certificateArn" belongs to account ${certificateAccount}, not ${account}`,
    );
  }
  const alarmEmail = matching(input, 'alarmEmail', patterns.email, 'an e-mail address');

  const owner = matching(input, 'repositoryOwner', patterns.repositoryPart, 'a repository owner');
  const name = matching(input, 'repositoryName', patterns.repositoryPart, 'a repository name');
  const connectionArn = matching(input, 'connectionArn', patterns.connectionArn, 'a CodeStar connection ARN');
  const branch = matching(input, 'repositoryBranch', patterns.branch, 'a branch name') ?? 'main';
  const pipelineParts = [owner, name, connectionArn].filter((part) => part !== undefined).length;
  if (pipelineParts !== 0 && pipelineParts !== 3) {
    throw new ContextError(
      'the pipeline needs all of "repositoryOwner", "repositoryName" and "connectionArn" (or none of them)',
    );
  }

  const imageTag = matching(input, 'imageTag', patterns.imageTag, 'a Docker image tag');
  const imageSource: ImageSource =
    imageTag === undefined
      ? { kind: 'asset', directory: input.repositoryRoot }
      : imageTag === 'deployed'
        ? { kind: 'deployed' }
        : { kind: 'tag', tag: imageTag };

  // A verified SES identity: a domain, or one address.
  const emailSenderIdentity = text(input, 'emailSenderIdentity');
  if (
    emailSenderIdentity !== undefined &&
    !patterns.domain.test(emailSenderIdentity) &&
    !patterns.email.test(emailSenderIdentity)
  ) {
    throw new ContextError(
      `context "emailSenderIdentity" is not a domain or an e-mail address: ${JSON.stringify(emailSenderIdentity)}`,
    );
  }

  const backupCopyRegion = matching(input, 'backupCopyRegion', patterns.region, 'an AWS region');
  if (backupCopyRegion === region) {
    throw new ContextError(
      `context "backupCopyRegion" must be another region than the deployment's (${region})`,
    );
  }

  const corsOrigins = originList(text(input, 'corsOrigins'));
  for (const origin of corsOrigins) {
    if (!patterns.origin.test(origin))
      throw new ContextError(`corsOrigins: ${JSON.stringify(origin)} is not an origin`);
  }

  return {
    envName: envName as EnvironmentName,
    account,
    region,
    domainName,
    certificateArn,
    alarmEmail,
    sourceRepository: owner && name && connectionArn ? { owner, name, branch, connectionArn } : undefined,
    imageSource,
    corsOrigins,
    emailSenderIdentity,
    backupCopyRegion,
  };
}

/**
 * A reminder when a deploy would build images from the working copy although a pipeline is
 * configured: after the pipeline's first run that replaces the commit it deployed (docs/deploy.md,
 * "Image tags"). The pipeline's own synth always passes `imageTag`, so it never sees this.
 */
export function imageSourceNotice(settings: DeploymentSettings): string | undefined {
  if (!settings.sourceRepository || settings.imageSource.kind !== 'asset') return undefined;
  return (
    'Images are built from this working copy (no "imageTag"). Right for the first deploy; once the ' +
    'pipeline has deployed, add -c imageTag=deployed so the services keep the images it deployed.'
  );
}

/**
 * `a, B` → ['a', 'b']: an origin is scheme, host and port, all case-insensitive, and the gateway
 * compares it exactly with the lower-case Origin header browsers send.
 */
function originList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim().toLowerCase())
    .filter((origin) => origin !== '');
}

/**
 * The deployer's context minus what the pipeline decides itself (the image tag, and the account
 * and region, which the build takes from its own role and the stack environment).
 */
export function contextForPipeline(input: ContextInput): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const key of contextKeys) {
    if (key === 'imageTag') continue;
    // Normalised: bin/context-args.ts passes each value as one word (`a, b` would not be).
    const value = key === 'corsOrigins' ? originList(text(input, key)).join(',') : text(input, key);
    if (value !== undefined && value !== '') forwarded[key] = value;
  }
  return forwarded;
}
