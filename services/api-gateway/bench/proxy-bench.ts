/**
 * Gateway overhead: autocannon against a trivial upstream directly, then through the gateway, in
 * the same run. Upstream and gateway run as separate processes (as in ECS), the load generator in
 * this one.   npx tsx services/api-gateway/bench/proxy-bench.ts [seconds] [connections]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const role = process.argv[2];

async function runUpstream(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/users/ping', async () => ({ ok: true, service: 'user' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
}

async function runGateway(upstreamUrl: string): Promise<void> {
  const { buildApp } = await import('../src/app.ts');
  const { gatewayDefaults } = await import('../src/config.ts');
  const app = await buildApp({
    // Request logging off by default; GATEWAY_LOG_LEVEL=info measures it as production runs.
    logLevel: process.env.GATEWAY_LOG_LEVEL ?? 'warn',
    verifier: {
      verify: async () => {
        throw new Error('the bench sends no tokens');
      },
    },
    config: {
      ...gatewayDefaults,
      upstreams: { user: upstreamUrl },
      corsOrigins: [],
      // The bench measures forwarding, not the limiter's 429s.
      rateLimit: { anonymousPerMinute: 100_000_000, userPerMinute: 100_000_000, credentialsPerMinute: 10 },
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
}

function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let listening = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening) return; // log lines from here on are not kept
      out += chunk.toString();
      const match = /^listening (http\S+)$/m.exec(out);
      if (match) {
        listening = true;
        resolve({ child, url: match[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used so far; Linux only, undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 Hz on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface Summary {
  label: string;
  requests: number;
  /** CPU time of the serving process per request, in microseconds: immune to a busy machine. */
  cpuMicrosPerRequest: number | undefined;
  requestsPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(
  label: string,
  url: string,
  seconds: number,
  connections: number,
  server: ChildProcess,
): Promise<Summary> {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  const cpuAfter = cpuSeconds(server.pid);
  const requests = result.requests.total;
  return {
    label,
    requests,
    cpuMicrosPerRequest:
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : ((cpuAfter - cpuBefore) * 1e6) / requests,
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function driver(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const upstream = await start(['upstream']);
  const gateway = await start(['gateway', upstream.url]);
  try {
    // A short warm-up of both paths (JIT, keep-alive pools), not measured.
    await autocannon({ url: `${gateway.url}/api/v1/users/ping`, connections, duration: 2 });
    const direct = await load(
      'direct to upstream',
      `${upstream.url}/users/ping`,
      seconds,
      connections,
      upstream.child,
    );
    const proxied = await load(
      'through the gateway',
      `${gateway.url}/api/v1/users/ping`,
      seconds,
      connections,
      gateway.child,
    );
    console.log(
      `\nautocannon: ${seconds} s, ${connections} connections, 127.0.0.1, node ${process.version}\n`,
    );
    console.log('path                   req/s     p50 ms  p99 ms  non-2xx  errors  server CPU µs/req');
    for (const r of [direct, proxied]) {
      const cpu = r.cpuMicrosPerRequest === undefined ? 'n/a' : r.cpuMicrosPerRequest.toFixed(0);
      console.log(
        `${r.label.padEnd(22)} ${r.requestsPerSec.toFixed(0).padStart(8)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}  ${cpu.padStart(8)}`,
      );
    }
    console.log(
      '(server CPU: the process answering autocannon — the upstream directly, the gateway when proxied)',
    );
    const ratio = proxied.requestsPerSec / direct.requestsPerSec;
    console.log(`\ngateway throughput = ${(ratio * 100).toFixed(0)}% of direct`);
  } finally {
    upstream.child.kill('SIGTERM');
    gateway.child.kill('SIGTERM');
  }
}

if (role === 'upstream') await runUpstream();
else if (role === 'gateway') await runGateway(process.argv[3]!);
else await driver();
