import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./http/shutdown-fixture.ts', import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls the child's output until `pattern` shows up, with a deadline. */
async function waitFor(run: Running, pattern: RegExp, timeoutMs = 40_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = run.stdout().match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${pattern} in output; stdout=${run.stdout()} stderr=${run.stderr()}`);
}

// Child processes start slowly on a busy 2-core machine: generous deadlines, still polled.
describe('runService', { timeout: 60_000 }, () => {
  it('finishes an in-flight request on SIGTERM, runs onClose and exits 0', async () => {
    const run = start({ SLOW_MS: '700' });
    const port = Number((await waitFor(run, /listening (\d+)/))[1]);
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await waitFor(run, /slow started/);
    const signalledAt = Date.now();
    run.child.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('onClose ran');
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    // The port is released.
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });

  it('is not cut short by a second signal (Ctrl+C reaches the runner and its children)', async () => {
    const run = start({ SLOW_MS: '500' });
    const port = Number((await waitFor(run, /listening (\d+)/))[1]);
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await waitFor(run, /slow started/);
    run.child.kill('SIGINT');
    run.child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await run.exited).toBe(0);
  });

  it('forces exit 1 when shutdown exceeds its deadline', async () => {
    const run = start({ SLOW_MS: '60000', SHUTDOWN_TIMEOUT_MS: '300' });
    const port = Number((await waitFor(run, /listening (\d+)/))[1]);
    const stuck = fetch(`http://127.0.0.1:${port}/slow`).catch(() => 'aborted');
    await waitFor(run, /slow started/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(1);
    expect(await stuck).toBe('aborted');
    expect(run.stdout()).not.toContain('onClose ran');
  });

  it('reports a busy port on one line and exits 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = start({ PORT: String(port) });
      expect(await run.exited).toBe(1);
      const lines = run.stderr().trim().split('\n');
      expect(lines).toEqual([
        `fixture: port ${port} on 127.0.0.1 is already in use (EADDRINUSE); stop the other process or set PORT`,
      ]);
    } finally {
      blocker.close();
    }
  });
});
