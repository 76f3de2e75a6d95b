import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerStatus, writeStatusFile } from '../src/status-file.ts';
import { ServiceProcess } from '../src/supervisor.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'runner-supervisor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('service process supervision', () => {
  it('restarts a crashed service after a backoff delay, then stops it with SIGTERM', async () => {
    const proc = new ServiceProcess({
      name: 'crashy',
      entry: path.join(here, 'fixtures/crash-once.ts'),
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', CRASH_MARKER: path.join(scratch, 'crashed') },
      backoff: { initialMs: 200, maxMs: 1_000, stableAfterMs: 60_000 },
    });
    proc.start();
    await until(() => proc.restarts === 1, 20_000);
    await until(() => proc.state === 'running', 20_000);
    expect(proc.restarts).toBe(1);
    const pid = proc.pid!;
    expect(isAlive(pid)).toBe(true);
    await proc.stop();
    expect(proc.state).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
  });

  it('keeps the status file on the live pid across a kill -9 and its restart', async () => {
    const file = path.join(scratch, 'status.json');
    const read = () => JSON.parse(readFileSync(file, 'utf8')).services.stubborn;
    const proc: ServiceProcess = new ServiceProcess({
      name: 'stubborn',
      entry: path.join(here, 'fixtures/ignores-sigterm.ts'),
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '' },
      stopGraceMs: 500,
      backoff: { initialMs: 100, maxMs: 500, stableAfterMs: 60_000 },
      onChange: (p) =>
        writeStatusFile(
          file,
          runnerStatus([p], () => 23_599),
        ),
    });
    proc.start();
    await until(() => existsSync(file) && read().state === 'running', 20_000);
    const first = read();
    expect(first).toMatchObject({ pid: proc.pid, restarts: 0, port: 23_599 });
    expect(isAlive(first.pid)).toBe(true);
    process.kill(first.pid, 'SIGKILL');
    await until(() => read().restarts === 1 && read().state === 'running', 20_000);
    const second = read();
    expect(second.pid).not.toBe(first.pid);
    expect(second.pid).toBe(proc.pid);
    expect(isAlive(second.pid)).toBe(true);
    await proc.stop();
    expect(read()).toMatchObject({ state: 'stopped' });
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    const proc = new ServiceProcess({
      name: 'stubborn',
      entry: path.join(here, 'fixtures/ignores-sigterm.ts'),
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '' },
      stopGraceMs: 500,
      onOutput: (line) => lines.push(line),
    });
    const lines: string[] = [];
    proc.start();
    // It prints `running` once its SIGTERM handler is installed.
    await until(() => lines.includes('running'), 20_000);
    const pid = proc.pid!;
    const started = Date.now();
    await proc.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isAlive(pid)).toBe(false);
    expect(proc.restarts).toBe(0);
  });
});
