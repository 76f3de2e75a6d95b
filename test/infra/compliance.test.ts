/**
 * cdk-nag AwsSolutions checks on every stack, as `cdk synth` runs them (bin/app.ts): zero
 * unacknowledged findings, and every acknowledgement names one finding and gives a reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serviceNames } from '@b2b/shared/catalogue';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltPlatform,
  buildPlatform,
  certificateArn,
  repositoryRoot,
  SYNTH_TIMEOUT_MS,
  settings,
  sourceRepository,
} from './platform-fixture.ts';

const withNag = (app: App) => Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Our cdk-nag acknowledgements (CDK records its own CloudFormation-Validate ones alongside). */
function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .filter(([id]) => id.includes('AwsSolutions-'))
      .map(([id, reason]) => ({
        path: construct.node.path,
        id: id.replace(/^.*::(?=AwsSolutions-)/, ''),
        reason,
      })),
  );
}

function violations(app: App): unknown[] {
  const assembly = app.synth();
  const report = JSON.parse(
    readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as {
    pluginReports: { violations?: unknown[] }[];
  };
  return report.pluginReports.flatMap((r) => r.violations ?? []);
}

const variants: Record<string, () => BuiltPlatform> = {
  // What `npx cdk synth -c env=dev` builds: images from the Dockerfile, no pipeline.
  'dev, first deploy from the Dockerfile': () =>
    buildPlatform(settings({ envName: 'dev', imageSource: { kind: 'asset', directory: repositoryRoot } }), {
      configure: withNag,
      cloudFormationValidation: true,
      synthesize: false,
    }),
  // Everything switched on, every catalogue entry deployed (planned ones must pass once live).
  'prod, HTTPS, pipeline, every catalogue service': () =>
    buildPlatform(
      settings({
        envName: 'prod',
        account: '123456789012',
        domainName: 'shop.example.com',
        certificateArn,
        alarmEmail: 'ops@example.com',
        sourceRepository,
        imageSource: { kind: 'deployed' },
      }),
      { services: serviceNames, configure: withNag, cloudFormationValidation: true, synthesize: false },
    ),
};

describe.each(Object.entries(variants))(
  'cdk-nag AwsSolutions: %s',
  (_name, build) => {
    let platform: BuiltPlatform;
    beforeAll(() => {
      platform = build();
    });

    it(
      'synthesises with zero unacknowledged findings',
      () => {
        // In-memory synthesis throws with the full report when a finding is not acknowledged.
        expect(violations(platform.app)).toEqual([]);
      },
      SYNTH_TIMEOUT_MS,
    );

    it('acknowledges single findings only, each with a reason a reviewer can check', () => {
      const acks = acknowledgements(platform.app);
      expect(acks.length).toBeGreaterThan(0);
      for (const ack of acks) {
        // A bare rule id would silence every future wildcard on that construct.
        if (ack.id.startsWith('AwsSolutions-IAM5'))
          expect(ack.id, ack.path).toMatch(/^AwsSolutions-IAM5\[.+\]$/);
        expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(80);
      }
    });
  },
  SYNTH_TIMEOUT_MS,
);
