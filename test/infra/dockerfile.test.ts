/**
 * The Dockerfile agrees with the rest of the platform: the CA bundle lands where the environment
 * contract says, the bundle step is the one test/bundle exercises, and the build context stays small.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RDS_CA_BUNDLE_PATH } from '../../lib/constructs/service-environment.ts';
import { repositoryRoot } from './platform-fixture.ts';

const dockerfile = readFileSync(path.join(repositoryRoot, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(path.join(repositoryRoot, '.dockerignore'), 'utf8').split('\n');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

describe('Dockerfile', () => {
  it('builds in one stage and runs on Node 22 alpine in another', () => {
    expect(instructions).toContain('ARG NODE_IMAGE=node:22-alpine');
    expect(instructions.filter((i) => i.startsWith(`FROM \${NODE_IMAGE} AS `))).toEqual([
      `FROM \${NODE_IMAGE} AS build`,
      `FROM \${NODE_IMAGE} AS runtime`,
    ]);
  });

  it('installs from the lockfile and bundles the SERVICE build argument with tools/bundle', () => {
    expect(instructions.some((i) => /^RUN .*npm ci\b/.test(i))).toBe(true);
    expect(instructions).toContain('RUN npx tsx tools/bundle/bundle-service.ts "$SERVICE" --out-dir /out');
    expect(instructions).toContain(`COPY --from=build /out/\${SERVICE}/ /app/`);
  });

  it('builds the service-independent layers (npm ci, CA bundle) before SERVICE, so all images share them', () => {
    // A build argument is part of the cache key of every RUN after its ARG line.
    const build = instructions.slice(0, instructions.indexOf(`FROM \${NODE_IMAGE} AS runtime`));
    const argService = build.indexOf('ARG SERVICE');
    expect(argService).toBeGreaterThan(build.findIndex((i) => /^RUN .*npm ci\b/.test(i)));
    expect(argService).toBeGreaterThan(build.findIndex((i) => i.includes('rds-global-bundle.pem')));
    expect(build.slice(0, argService).some((i) => i.includes('SERVICE'))).toBe(false);
  });

  it('ships the RDS CA bundle where MONGODB_TLS_CA_FILE points', () => {
    expect(dockerfile).toContain('https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem');
    expect(instructions).toContain(
      `COPY --from=build --chmod=644 /out/rds-global-bundle.pem ${RDS_CA_BUNDLE_PATH}`,
    );
  });

  it('runs as the non-root node user with a HEALTHCHECK and the bundle as CMD', () => {
    const runtime = instructions.slice(instructions.indexOf(`FROM \${NODE_IMAGE} AS runtime`));
    expect(runtime).toContain('USER node');
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.findIndex((i) => i.startsWith('CMD')));
    expect(runtime.find((i) => i.startsWith('HEALTHCHECK'))).toContain('"/app/healthcheck.mjs"');
    expect(runtime.find((i) => i.startsWith('CMD'))).toBe(
      'CMD ["node", "--enable-source-maps", "/app/main.mjs"]',
    );
  });

  it('keeps dependencies, local data and build output out of the build context', () => {
    for (const pattern of ['**/node_modules', '**/.data', '**/cdk.out', '**/dist', '.git']) {
      expect(dockerignore).toContain(pattern);
    }
  });
});
