/**
 * CDK app entry (`cdk.json`: `npx tsx bin/app.ts`). Reads context once, validates it, and builds
 * one environment. cdk-nag AwsSolutions checks run on every synth: an unacknowledged finding
 * fails `cdk synth` / `cdk deploy`.
 */
import path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createPlatform } from '../lib/platform.ts';
import {
  ContextError,
  type ContextInput,
  contextForPipeline,
  imageSourceNotice,
  readDeploymentSettings,
} from './deploy-context.ts';

const app = new App();
const input: ContextInput = {
  get: (key) => app.node.tryGetContext(key),
  defaultAccount: process.env.CDK_DEFAULT_ACCOUNT,
  defaultRegion: process.env.CDK_DEFAULT_REGION,
  repositoryRoot: path.resolve(import.meta.dirname, '..'),
};

try {
  const settings = readDeploymentSettings(input);
  const notice = imageSourceNotice(settings);
  if (notice) console.warn(notice);
  createPlatform(app, settings, { deployContext: contextForPipeline(input) });
} catch (err) {
  if (err instanceof ContextError) {
    console.error(`Invalid CDK context: ${err.message}\nSee docs/deploy.md, "Context values".`);
    process.exit(1);
  }
  throw err;
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
