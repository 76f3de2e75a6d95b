/**
 * Prints the deployer's CDK context (CDK_CONTEXT_JSON, set on the pipeline's build project) as
 * `--context=key=value` arguments, one per line, for `cdk synth` in buildspec.yml. Only known
 * keys pass, so the pipeline cannot be steered into a different configuration through this variable.
 */
import { contextKeys } from './deploy-context.ts';

const raw = process.env.CDK_CONTEXT_JSON ?? '{}';
let context: Record<string, unknown>;
try {
  context = JSON.parse(raw) as Record<string, unknown>;
} catch {
  console.error('CDK_CONTEXT_JSON is not valid JSON');
  process.exit(1);
}
for (const key of contextKeys) {
  const value = context[key];
  if (key === 'imageTag' || value === undefined) continue;
  if (typeof value !== 'string' || /[\s\n]/.test(value)) {
    console.error(`CDK_CONTEXT_JSON.${key} must be a string without whitespace`);
    process.exit(1);
  }
  console.log(`--context=${key}=${value}`);
}
