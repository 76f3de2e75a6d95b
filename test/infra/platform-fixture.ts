/**
 * Builds one environment of the platform in memory, the way bin/app.ts does, with literal
 * settings instead of CDK context. Synthesis happens once per app (Template.fromStack reuses it).
 */

/** A synthesis takes seconds, more on a busy CI machine: hooks that build platforms get this. */
export const SYNTH_TIMEOUT_MS = 180_000;

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServiceName } from '@b2b/shared/catalogue';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import type { DeploymentSettings } from '../../lib/config/deployment-settings.ts';
import { createPlatform, type PlatformStacks } from '../../lib/platform.ts';

export const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

/** Cloud assemblies of this test file (Docker assets are staged there): removed after the file. */
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The feature flags of cdk.json, so tests synthesise what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(repositoryRoot, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export const sourceRepository = {
  owner: 'acme',
  name: 'b2b-commerce',
  branch: 'release',
  connectionArn:
    'arn:aws:codeconnections:eu-west-1:123456789012:connection/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
} as const;

export const certificateArn =
  'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

export function settings(overrides: Partial<DeploymentSettings> = {}): DeploymentSettings {
  return {
    envName: 'dev',
    region: 'eu-west-1',
    imageSource: { kind: 'tag', tag: 'abc1234' },
    corsOrigins: [],
    // The notification service is live and sends mail: a deployment without a domain names its
    // SES identity (with a domain, the identity defaults to it).
    ...(overrides.domainName === undefined ? { emailSenderIdentity: 'mail.example.com' } : {}),
    ...overrides,
  };
}

export interface BuiltPlatform {
  readonly app: App;
  readonly stacks: PlatformStacks;
  readonly template: (stack: keyof PlatformStacks) => Template;
}

export function buildPlatform(
  deployment: DeploymentSettings,
  options: {
    services?: readonly ServiceName[];
    configure?: (app: App) => void;
    /** Synthesise now (call from beforeAll, whose timeout suits a multi-second synth). */
    synthesize?: boolean;
    /**
     * CDK's built-in CloudFormation Validate plugin, which `cdk synth` runs (the compliance test
     * keeps it). Off elsewhere: its engine costs seconds per test file and these tests read templates.
     */
    cloudFormationValidation?: boolean;
  } = {},
): BuiltPlatform {
  const outdir = mkdtempSync(path.join(tmpdir(), 'b2b-cdk-test-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: cdkJsonContext(),
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
  });
  const stacks = createPlatform(app, deployment, {
    services: options.services,
    deployContext: { env: deployment.envName },
  });
  options.configure?.(app);
  if (options.synthesize ?? true) app.synth();
  const cache = new Map<string, Template>();
  return {
    app,
    stacks,
    template: (name) => {
      const stack = stacks[name];
      if (!stack) throw new Error(`stack ${name} was not created`);
      let template = cache.get(name);
      if (!template) {
        template = Template.fromStack(stack);
        cache.set(name, template);
      }
      return template;
    },
  };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}
