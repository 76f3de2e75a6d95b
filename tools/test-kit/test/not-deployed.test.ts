/**
 * The test kit and the local runner are tools: nothing deployed (services' src, the platform
 * library, the CDK app) may import them, or they would end up in a container bundle. One check for
 * both (the runner's test was a copy of this one).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    if (entry === 'node_modules') return [];
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(entry) ? [full] : [];
  });
}

const deployed = [
  ...readdirSync(path.join(repoRoot, 'services')).map((name) => path.join(repoRoot, 'services', name, 'src')),
  path.join(repoRoot, 'shared', 'src'),
  path.join(repoRoot, 'lib'),
  path.join(repoRoot, 'bin'),
].flatMap(sourceFiles);
/** Code that may and does import both tools: the cross-service and browser tests. */
const testCode = [path.join(repoRoot, 'test', 'e2e'), path.join(repoRoot, 'test', 'browser')].flatMap(
  sourceFiles,
);

const tools = [
  {
    tool: 'the test kit',
    imports: /from\s+['"]@b2b\/test-kit[^'"]*['"]|import\(\s*['"]@b2b\/test-kit|test-kit\/src/,
  },
  {
    tool: 'the local runner',
    imports: /from\s+['"][^'"]*(local-runner)[^'"]*['"]|import\(\s*['"][^'"]*local-runner/,
  },
];

describe.each(tools)('$tool', ({ imports }) => {
  it('is imported by no deployed code', () => {
    expect(deployed.length).toBeGreaterThan(10);
    expect(deployed.filter((file) => imports.test(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('is seen where it is imported (the tests), so the check above can fail', () => {
    expect(testCode.filter((file) => imports.test(readFileSync(file, 'utf8'))).length).toBeGreaterThan(0);
  });
});
