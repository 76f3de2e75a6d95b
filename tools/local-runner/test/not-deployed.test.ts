/**
 * The runner is a tool: nothing that is deployed (services, the platform library, the CDK app)
 * may import it, or it would end up in a container bundle.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

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

it('no deployed code imports the local runner', () => {
  const deployed = [
    ...readdirSync(path.join(repoRoot, 'services')).map((name) =>
      path.join(repoRoot, 'services', name, 'src'),
    ),
    path.join(repoRoot, 'shared', 'src'),
    path.join(repoRoot, 'lib'),
    path.join(repoRoot, 'bin'),
  ].flatMap(sourceFiles);
  expect(deployed.length).toBeGreaterThan(10);
  const offenders = deployed.filter((file) =>
    /from\s+['"][^'"]*(local-runner)[^'"]*['"]|import\(\s*['"][^'"]*local-runner/.test(
      readFileSync(file, 'utf8'),
    ),
  );
  expect(offenders).toEqual([]);
});
