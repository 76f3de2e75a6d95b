/**
 * Builds the web apps before `npm start` serves them, when dist/ is missing or was built from
 * other sources (the hash stamp of @b2b/web-kit/server), so a fresh clone and a `git pull` both
 * serve current pages without a manual step. A current build is reused (no cost).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '@b2b/shared/catalogue';
import { buildWebApp } from '@b2b/web-kit/build';
import { buildIsCurrent } from '@b2b/web-kit/server';

export function isWebApp(repoRoot: string, name: ServiceName): boolean {
  return existsSync(path.join(repoRoot, 'services', name, 'app', 'vite.config.ts'));
}

export async function buildStaleWebApps(
  repoRoot: string,
  names: readonly ServiceName[],
  say: (line: string) => void,
): Promise<void> {
  for (const name of names.filter((n) => isWebApp(repoRoot, n))) {
    const dir = path.join(repoRoot, 'services', name);
    if (buildIsCurrent(dir)) continue;
    say(`${name}: building the web app (sources changed or no build yet)…`);
    const { ms } = await buildWebApp(dir);
    say(`${name}: built in ${(ms / 1000).toFixed(1)} s`);
  }
}
