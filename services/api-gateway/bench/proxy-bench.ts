/**
 * Gateway cost, in one run, side by side: autocannon against a trivial upstream directly, through
 * nginx (Debian's package, keep-alive proxy, 1 worker like the gateway's one Node process), through
 * a bare Node proxy (the floor: Fastify + undici and nothing else), through
 * the gateway on an anonymous request, and through the gateway with a real bearer token (EdDSA
 * JWT, the platform's verifier and revocation list). The gateway runs with production settings:
 * log level info with request logging, rate limits on (set high enough not to answer 429), one
 * breaker per upstream. Upstream, gateway and nginx are separate processes (as in ECS); the load
 * generator runs in this one. Ratios within one run are what count on a shared machine.
 *
 *   npx tsx services/api-gateway/bench/proxy-bench.ts [seconds=10] [connections=50]
 *
 * BENCH_PORT_BASE=<n> uses ports n..n+2 instead of free ones; BENCH_NGINX_AUTO=1 adds a row for
 * nginx with `worker_processes auto`; GATEWAY_LOG_LEVEL overrides the gateway's `info`;
 * BENCH_RATE=<req/s> fixes the request rate (CPU per request at equal load); BENCH_ONLY=<text> runs only the cases whose label contains it (profiling);
 * BENCH_GATEWAY_NODE_OPTIONS passes flags to the gateway's node (`--cpu-prof --cpu-prof-dir=/tmp/p`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { nginxAvailable, type RunningNginx, startNginx } from './nginx.ts';
import { cpuSeconds } from './process-cpu.ts';

const role = process.argv[2];
const portBase = process.env.BENCH_PORT_BASE ? Number(process.env.BENCH_PORT_BASE) : undefined;
const upstreamPath = '/users/ping';
const gatewayPath = `/api/v1${upstreamPath}`;

/** Tell the driver where this child listens (stdout is the child's log, sent to /dev/null). */
function announce(port: number): void {
  process.send!({ url: `http://127.0.0.1:${port}` });
}

async function runUpstream(port: number): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });
  app.get(upstreamPath, async () => ({ ok: true, service: 'user' }));
  // What the gateway polls, as the user service serves it: no token is revoked in the bench.
  app.get('/internal/feeds/revocations', async (request) => ({
    items: [],
    watermark: (request.query as { after?: string }).after ?? 'WzAsIiJd',
    hasMore: false,
  }));
  await app.listen({ port, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port);
}

/**
 * The floor of any Node proxy on this machine: Fastify and an undici pool, nothing else (no token
 * check, no limiter, no breaker, no logs, no header hygiene). Not a candidate design: the row says
 * how much of the gateway's cost is Node's own HTTP work, and how much is the gateway's.
 */
async function runBareProxy(port: number, upstreamUrl: string): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { Pool } = await import('undici');
  const pool = new Pool(upstreamUrl, { connections: 128, pipelining: 1 });
  const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });
  app.get('/api/v1/*', async (request, reply) => {
    const res = await pool.request({ method: 'GET', path: request.url.slice('/api/v1'.length) });
    const body = Buffer.from(await res.body.arrayBuffer());
    return reply.code(res.statusCode).header('content-type', res.headers['content-type']).send(body);
  });
  await app.listen({ port, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port);
}

/** The gateway as main.ts wires it, but with the key set handed over instead of fetched. */
async function runGateway(port: number, upstreamUrl: string): Promise<void> {
  const { createLocalJWKSet, createPlatformAuth, startRevocationReader } = await import('@b2b/shared/auth');
  const { buildApp } = await import('../src/app.ts');
  const { gatewayDefaults } = await import('../src/config.ts');
  const revocations = startRevocationReader({ url: upstreamUrl });
  const { verifier } = createPlatformAuth({
    keys: createLocalJWKSet(JSON.parse(process.env.BENCH_JWKS!)),
    revocations,
  });
  const app = await buildApp({
    logLevel: process.env.GATEWAY_LOG_LEVEL ?? 'info',
    verifier,
    config: {
      ...gatewayDefaults,
      upstreams: { user: upstreamUrl },
      corsOrigins: [],
      // Production limiter and key generation; only the ceilings are raised past the bench's rate.
      rateLimit: { anonymousPerMinute: 100_000_000, userPerMinute: 100_000_000, credentialsPerMinute: 10 },
    },
  });
  await revocations.refresh();
  await app.listen({ port, host: '127.0.0.1' });
  announce((app.server.address() as AddressInfo).port);
}

interface Child {
  readonly child: ChildProcess;
  readonly url: string;
}

function start(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const nodeOptions = args[0] === 'gateway' ? (process.env.BENCH_GATEWAY_NODE_OPTIONS?.split(' ') ?? []) : [];
  const child = spawn(
    process.execPath,
    [...nodeOptions, '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    {
      // The children's log lines go to /dev/null: written as in production, not read by the driver.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, NODE_ENV: 'production', ...env },
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve({ child, url: message.url }));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Summary {
  readonly label: string;
  readonly requests: number;
  readonly requestsPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** CPU time of the serving process per request, in microseconds: less sensitive to a busy machine. */
  readonly cpuMicrosPerRequest: number | undefined;
}

interface Case {
  readonly label: string;
  readonly url: string;
  /** The process whose CPU is counted (with its children: nginx's workers). */
  readonly server: ChildProcess;
  readonly headers?: Record<string, string>;
}

async function measure(target: Case, seconds: number, connections: number): Promise<Summary> {
  // Imported here: the upstream and gateway children load this file too and need no load generator.
  const { default: autocannon } = await import('autocannon');
  // A fixed total rate (BENCH_RATE) compares CPU per request at equal load, when req/s is too noisy.
  const rate = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
  const options = { url: target.url, connections, pipelining: 1, headers: target.headers, overallRate: rate };
  // Warm-up (JIT, keep-alive pools, token cache), not measured.
  await autocannon({ ...options, duration: 2 });
  const cpuBefore = cpuSeconds(target.server.pid);
  const result = await autocannon({ ...options, duration: seconds });
  const cpuAfter = cpuSeconds(target.server.pid);
  const requests = result.requests.total;
  return {
    label: target.label,
    requests,
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuMicrosPerRequest:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / requests,
  };
}

/** A real access token, as the user service issues them, and the key set that verifies it. */
async function tokenAndKeys(): Promise<{ token: string; jwks: string }> {
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' };
  const token = await new SignJWT({ companyId: 'c1', companyRole: 'buyer', roles: [] })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bench' })
    .setSubject('bench-user')
    .setJti('bench-jti')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(privateKey);
  return { token, jwks: JSON.stringify({ keys: [jwk] }) };
}

function printTable(rows: Summary[]): void {
  const cell = (value: string, width: number) => value.padStart(width);
  console.log('path                            req/s   p50 ms  p99 ms  non-2xx  errors  server CPU µs/req');
  for (const r of rows) {
    const cpu = r.cpuMicrosPerRequest === undefined ? 'n/a' : r.cpuMicrosPerRequest.toFixed(0);
    console.log(
      `${r.label.padEnd(30)} ${cell(r.requestsPerSec.toFixed(0), 7)}  ${cell(String(r.p50), 6)}  ${cell(String(r.p99), 6)}  ${cell(String(r.non2xx), 7)}  ${cell(String(r.errors), 6)}  ${cell(cpu, 8)}`,
    );
  }
  console.log(
    '(server CPU: the process answering autocannon: the upstream, nginx master + worker, or the gateway)',
  );
}

function printRatios(
  gateway: Summary[],
  direct: Summary,
  nginx: Summary | undefined,
  floor: Summary | undefined,
): void {
  console.log('');
  for (const g of gateway) {
    const toDirect = g.requestsPerSec / direct.requestsPerSec;
    let line = `${g.label.padEnd(30)} ${toDirect.toFixed(2)}× direct (target ≥ 0.50)`;
    if (nginx) line += `, ${(g.requestsPerSec / nginx.requestsPerSec).toFixed(2)}× nginx (target ≥ 0.60)`;
    if (floor) line += `, ${(g.requestsPerSec / floor.requestsPerSec).toFixed(2)}× the bare Node proxy`;
    console.log(line);
  }
}

async function driver(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const ports = portBase === undefined ? [0, 0, await freePort()] : [portBase, portBase + 1, portBase + 2];
  const { token, jwks } = await tokenAndKeys();
  const upstream = await start(['upstream', String(ports[0])]);
  // A gateway that fails to start must not leave the upstream running (the bench would never exit).
  const gateway = await start(['gateway', String(ports[1]), upstream.url], { BENCH_JWKS: jwks }).catch(
    async (err: unknown) => {
      await stopChild(upstream.child);
      throw err;
    },
  );
  const nginxes: { label: string; running: RunningNginx }[] = [];
  let bare: Child | undefined;
  try {
    bare = await start(['bare-proxy', '0', upstream.url]);
    const upstreamHost = new URL(upstream.url).host;
    if (nginxAvailable()) {
      nginxes.push({
        label: 'nginx (1 worker) → upstream',
        running: await startNginx({ port: ports[2]!, upstream: upstreamHost, workers: 1 }),
      });
      if (process.env.BENCH_NGINX_AUTO === '1') {
        nginxes.push({
          label: 'nginx (auto workers) → upstream',
          running: await startNginx({ port: await freePort(), upstream: upstreamHost, workers: 'auto' }),
        });
      }
    } else {
      console.warn('nginx is not installed (apt-get install -y nginx): its rows are left out');
    }
    const cases: Case[] = [
      { label: 'direct to upstream', url: `${upstream.url}${upstreamPath}`, server: upstream.child },
      ...nginxes.map((n) => ({
        label: n.label,
        url: `${n.running.url}${gatewayPath}`,
        server: n.running.child,
      })),
      { label: 'bare Node proxy (floor)', url: `${bare.url}${gatewayPath}`, server: bare.child },
      { label: 'gateway → upstream (anonymous)', url: `${gateway.url}${gatewayPath}`, server: gateway.child },
      {
        label: 'gateway → upstream (JWT)',
        url: `${gateway.url}${gatewayPath}`,
        server: gateway.child,
        headers: { authorization: `Bearer ${token}` },
      },
    ];
    const only = process.env.BENCH_ONLY;
    const rows: Summary[] = [];
    for (const c of cases)
      if (!only || c.label.includes(only)) rows.push(await measure(c, seconds, connections));
    console.log(
      `\nautocannon: ${seconds} s per case after 2 s warm-up, ${connections} connections, 127.0.0.1, node ${process.version}\n`,
    );
    printTable(rows);
    const gatewayRows = rows.filter((r) => r.label.startsWith('gateway'));
    printRatios(
      gatewayRows,
      rows[0]!,
      rows.find((r) => r.label.startsWith('nginx (1 worker)')),
      rows.find((r) => r.label.startsWith('bare Node proxy')),
    );
    if (rows.some((r) => r.non2xx > 0 || r.errors > 0)) {
      console.error('\nsome requests failed: the numbers above do not measure successful forwarding');
      process.exitCode = 1;
    }
  } finally {
    await Promise.all([
      stopChild(upstream.child),
      stopChild(gateway.child),
      ...(bare ? [stopChild(bare.child)] : []),
      ...nginxes.map((n) => n.running.stop()),
    ]);
  }
}

// Exit normally on SIGTERM, so `node --cpu-prof` (BENCH_GATEWAY_NODE_OPTIONS) writes its profile.
if (role === 'upstream' || role === 'gateway' || role === 'bare-proxy')
  process.once('SIGTERM', () => process.exit(0));
if (role === 'upstream') await runUpstream(Number(process.argv[3]));
else if (role === 'gateway') await runGateway(Number(process.argv[3]), process.argv[4]!);
else if (role === 'bare-proxy') await runBareProxy(Number(process.argv[3]), process.argv[4]!);
else await driver();
