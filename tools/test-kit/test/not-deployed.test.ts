/**
 * The test kit is test support: nothing deployed (services' src, the platform library, the CDK
 * app) may import it, or it would end up in a container bundle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const importsTestKit = /from\s+['"]@b2b\/test-kit[^'"]*['"]|import\(\s*['"]@b2b\/test-kit|test-kit\/src/;

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

it('no deployed code imports the test kit', () => {
  const deployed = [
    ...readdirSync(path.join(repoRoot, 'services')).map((name) =>
      path.join(repoRoot, 'services', name, 'src'),
    ),
    path.join(repoRoot, 'shared', 'src'),
    path.join(repoRoot, 'lib'),
    path.join(repoRoot, 'bin'),
  ].flatMap(sourceFiles);
  expect(deployed.length).toBeGreaterThan(10);
  expect(deployed.filter((file) => importsTestKit.test(readFileSync(file, 'utf8')))).toEqual([]);
});

it('the check recognises an import of the kit (positive control)', () => {
  expect(importsTestKit.test(`import { pollUntil } from '@b2b/test-kit/poll';`)).toBe(true);
  expect(importsTestKit.test(`import { pollUntil } from '@b2b/shared/http';`)).toBe(false);
});
