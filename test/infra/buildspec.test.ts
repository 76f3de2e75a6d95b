/**
 * buildspec.yml does what the pipeline relies on, in order; checked as text so the test needs no
 * YAML dependency (the file is also parsed by CodeBuild on every run).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './platform-fixture.ts';

const buildspec = readFileSync(path.join(repositoryRoot, 'buildspec.yml'), 'utf8');
const position = (needle: string) => {
  const index = buildspec.indexOf(needle);
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return index;
};

describe('buildspec.yml', () => {
  it('installs Node 22 and the lockfile, then lints, typechecks, tests, synthesises, builds and pushes', () => {
    const steps = [
      'nodejs: 22',
      'npm ci',
      'npm run -s lint',
      'npm run -s typecheck',
      'npm test -- ',
      'npx cdk synth',
      'docker build --build-arg SERVICE="$service"',
      'docker push "$image"',
    ].map(position);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it('tags images with the commit and builds the catalogue services, not a hand-kept list', () => {
    expect(buildspec).toContain('image="$ECR_REGISTRY/$repository:$IMAGE_TAG"');
    expect(buildspec).toContain('$(npx tsx tools/bundle/list-services.ts)');
    expect(buildspec).toContain('--context=imageTag="$IMAGE_TAG"');
  });

  it('reports tests as JUnit, caches npm, hands the cloud assembly to the deploy stage', () => {
    expect(buildspec).toMatch(/--reporter=junit --outputFile\.junit=reports\/junit\.xml/);
    expect(buildspec).toMatch(/file-format: JUNITXML/);
    expect(buildspec).toMatch(/cache:\n\s+paths:\n\s+- \/root\/\.npm\/\*\*\/\*/);
    expect(buildspec).toMatch(/artifacts:\n\s+base-directory: cdk\.out/);
  });

  it('stops at the first failing phase', () => {
    const phases = buildspec.match(/^ {2}(install|pre_build|build):\n {4}on-failure: ABORT$/gm) ?? [];
    expect(phases.length).toBe(3);
    expect(buildspec).toContain('set -euo pipefail');
  });
});
