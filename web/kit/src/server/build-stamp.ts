/**
 * Whether a web app's build is current: a SHA-256 over its source files (app/, the shared web kit
 * UI and the lockfile) written into dist/ by the build and compared by the local runner.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const BUILD_STAMP_FILE = '.build-stamp';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const webKitUi = path.resolve(import.meta.dirname, '..', 'ui');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && entry.name !== 'dist')
    .flatMap((entry) =>
      entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    )
    .sort();
}

export function sourceHash(workspaceDir: string): string {
  const hash = createHash('sha256');
  const files = [
    ...sourceFiles(path.join(workspaceDir, 'app')),
    ...sourceFiles(webKitUi),
    path.join(import.meta.dirname, '..', 'vite.ts'),
    path.join(repositoryRoot, 'package-lock.json'),
  ];
  for (const file of files) {
    hash.update(path.relative(repositoryRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** True when dist/ holds a build of exactly the current sources. */
export function buildIsCurrent(workspaceDir: string): boolean {
  const stamp = path.join(workspaceDir, 'dist', BUILD_STAMP_FILE);
  if (!existsSync(path.join(workspaceDir, 'dist', 'index.html')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === sourceHash(workspaceDir);
}
