/**
 * The whole `npm start` as a child process on non-default ports: it must come up with a healthy
 * API behind its load balancer, and stop cleanly (exit 0, every service gone) on SIGINT.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedServer } from '@b2b/docdb-local';
import { liveServices, services } from '@b2b/shared/catalogue';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'runner-it-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Every port of one runner from one block below Linux's ephemeral range (32768+): catalogue ports
 * + offset (3000..3008), the load balancer at 3090 and the database at 3091. A port picked by
 * binding port 0 would be an ephemeral one, which another test's server or an outgoing connection
 * can take between the pick and the runner's own bind; then the test would talk to a stranger.
 */
function portBlock(): { portOffset: number; lbPort: number; dbPort: number } {
  const portOffset = 20_000 + Math.floor(Math.random() * 90) * 100;
  return { portOffset, lbPort: 3_090 + portOffset, dbPort: 3_091 + portOffset };
}

type HealthBody = { services?: { name: string; status: string }[] };

function startRunner(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-runner/src/main.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? scratch, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started });
    });
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function waitForHealth(lbPort: number, child: ChildProcess) {
  const deadline = Date.now() + 90_000;
  let health: { status: number; body: HealthBody } | undefined;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`http://127.0.0.1:${lbPort}/api/v1/health`, {
        signal: AbortSignal.timeout(3_000),
      });
      health = { status: res.status, body: (await res.json()) as HealthBody };
      if (res.status === 200) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return health;
}

describe('npm start (local runner)', () => {
  it('serves a healthy API through the load balancer and stops with exit 0 on SIGINT', async () => {
    const { portOffset, lbPort, dbPort } = portBlock();
    const runner = startRunner({
      PORT_OFFSET: String(portOffset),
      LB_PORT: String(lbPort),
      DB_PORT: String(dbPort),
      // On disk, as `npm start` runs it, in a scratch directory.
      DATA_DIR: scratch,
    });

    const health = await waitForHealth(lbPort, runner.child);
    expect(health?.status, runner.output()).toBe(200);
    const listed = health!.body.services!.map((s) => s.name);
    expect(listed).toEqual(Object.keys(services));
    for (const name of liveServices()) {
      expect(health!.body.services!.find((s) => s.name === name)?.status).toBe('up');
    }
    // The ALB's rules: the default to the customer portal, /admin* to the dashboard (built if stale).
    const portal = await fetch(`http://127.0.0.1:${lbPort}/catalog/deep-link`, {
      headers: { accept: 'text/html' },
    });
    expect(portal.status).toBe(200);
    expect(portal.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await portal.text()).toContain('<div id="root">');
    const admin = await fetch(`http://127.0.0.1:${lbPort}/admin/orders`, {
      headers: { accept: 'text/html' },
    });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toMatch(/src="\/admin\/assets\//);

    // The seeds have run and the URLs are printed once the runner reports ready.
    const deadline = Date.now() + 60_000;
    while (!runner.output().includes('ready in') && runner.child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const out = runner.output();
    expect(out).toContain(`API              http://localhost:${lbPort}/api/v1`);
    expect(out).toContain('seed user: ok');
    // Child output carries the child's name (seed lines are plain text, so they survive LOG_LEVEL=warn).
    expect(out).toMatch(/^user:seed\s+\S/m);

    // Services got the credential the runner keeps under the data directory: /internal answers it.
    const credential = readFileSync(path.join(scratch, 'service-credential'), 'utf8').trim();
    const internalUrl = `http://127.0.0.1:${services.user.port + portOffset}/internal/users/nobody`;
    const stranger = await fetch(internalUrl);
    expect(stranger.status).toBe(401);
    const platform = await fetch(internalUrl, { headers: { 'x-service-credential': credential } });
    expect(platform.status).toBe(404);
    expect(((await platform.json()) as { code: string }).code).toBe('USER_NOT_FOUND');

    runner.child.kill('SIGINT');
    const { code, ms } = await exitOf(runner.child, 10_000);
    expect(code, runner.output()).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(runner.output()).toContain('stopped');
    for (const name of liveServices()) {
      expect(await refusesConnections(services[name].port + portOffset)).toBe(true);
    }
    expect(await refusesConnections(lbPort)).toBe(true);
    expect(existsSync(path.join(scratch, 'db'))).toBe(true);
  }, 120_000);

  it('refuses to start on a busy port with a message naming it and the setting, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      const { portOffset, dbPort } = portBlock();
      const runner = startRunner({
        LB_PORT: String(busy),
        DB_PORT: String(dbPort),
        PORT_OFFSET: String(portOffset),
        DB_IN_MEMORY: '1',
      });
      const { code } = await exitOf(runner.child, 30_000);
      expect(code).toBe(1);
      expect(runner.output()).toContain(`Port ${busy} (load balancer) is already in use`);
      expect(runner.output()).toContain('LB_PORT');
      expect(runner.output()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  }, 40_000);

  it('uses the database at MONGODB_URI instead of starting its own', async () => {
    const external = await startEmbeddedServer({ port: 0 });
    try {
      const { portOffset, lbPort } = portBlock();
      const runner = startRunner({
        MONGODB_URI: external.uri,
        PORT_OFFSET: String(portOffset),
        LB_PORT: String(lbPort),
        DATA_DIR: scratch,
        SKIP_SEED: '1',
      });
      const health = await waitForHealth(lbPort, runner.child);
      expect(health?.status, runner.output()).toBe(200);
      expect(runner.output()).toContain('using the database at MONGODB_URI');
      expect(runner.output()).not.toContain('embedded database at');
      runner.child.kill('SIGTERM');
      expect((await exitOf(runner.child, 10_000)).code).toBe(0);
    } finally {
      await external.close();
    }
  }, 120_000);
});
