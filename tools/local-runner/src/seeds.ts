/**
 * Seed steps: `services/<name>/src/seed.ts`, run once per `npm start` with the service's own
 * environment. Seeds are idempotent and print demo credentials, which the runner repeats in its
 * summary so they are not lost among the service logs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { prefixLines } from './log-output.ts';

export interface SeedResult {
  readonly service: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly durationMs: number;
  /** Plain-text lines the seed printed (pino JSON log lines are left out). */
  readonly output: readonly string[];
}

export function seedEntry(repoRoot: string, service: string): string | undefined {
  const entry = path.join(repoRoot, 'services', service, 'src', 'seed.ts');
  return existsSync(entry) ? entry : undefined;
}

export function runSeed(
  service: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  /** Aborted when the runner stops: a seed still running is terminated with it. */
  signal?: AbortSignal,
  /** Seeds that wait for other services (the order seed) need them started: slow on a busy machine. */
  timeoutMs = 240_000,
): Promise<SeedResult> {
  const started = Date.now();
  const output: string[] = [];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      signal,
    });
    const keep = (line: string) => {
      if (line.trim() !== '' && !line.startsWith('{')) output.push(line);
    };
    prefixLines(`${service}:seed`, child.stdout, process.stdout, keep);
    prefixLines(`${service}:seed`, child.stderr, process.stderr);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const finish = (ok: boolean, detail: string) => {
      clearTimeout(timer);
      resolve({ service, ok, detail, durationMs: Date.now() - started, output });
    };
    child.once('error', (err) => {
      if (err.name !== 'AbortError') finish(false, `could not start: ${err.message}`);
    });
    child.once('exit', (code, signal) => {
      if (code === 0) finish(true, 'done');
      else finish(false, signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  });
}
