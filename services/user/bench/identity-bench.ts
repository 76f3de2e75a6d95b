/**
 * Measures, on this machine, in one run:
 *   1. login requests/s of the user service (argon2id at the production cost), straight at it;
 *   2. the latency the api-gateway's token verification adds: the same cheap upstream route
 *      (GET /auth/jwks) through the gateway with and without a bearer token, and straight at the
 *      user service with and without one (the service verifies presented tokens too), so the
 *      gateway's share can be separated from the service's.
 * The load generator (autocannon) runs as a separate process so it does not share the services'
 * event loop.
 *
 *   npx tsx services/user/bench/identity-bench.ts [--duration 10] [--connections 8]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp as buildGateway, gatewayDefaults } from '@b2b/api-gateway';
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { createMongo } from '@b2b/shared/db';
import { generateServiceCredential, serviceCredentialHeaders } from '@b2b/shared/internal';
import { buildApp } from '../src/app.ts';
import { createOutboxTransaction } from '../src/events/outbox-transaction.ts';
import { defaultArgon2Cost } from '../src/passwords/hasher.ts';
import { createKeySet, SigningKeyRing } from '../src/tokens/signing-keys.ts';
import { creditLedgerStandIn } from '../test/support/credit-ledger-stand-in.ts';

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '8' } },
});
const duration = values.duration;
const connections = values.connections;

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

function load(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const args = [autocannonBin, '-j', '-c', connections, '-d', duration, '-m', opts.method ?? 'GET'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (opts.body) args.push('-b', opts.body);
  args.push(url);
  return new Promise<AutocannonResult>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon ${code}`)),
    );
  });
}

/** The embedded database in its own process, as `npm start` runs it (not on the services' event loop). */
async function startDatabaseProcess(): Promise<{ uri: string; close(): void }> {
  const bin = fileURLToPath(new URL('../../../tools/docdb-local/bin/docdb-local.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /ready (mongodb:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`docdb-local exited with ${code}`)));
  });
  return { uri, close: () => child.kill('SIGTERM') };
}

const server = await startDatabaseProcess();
const mongo = createMongo({ uri: server.uri, dbName: 'user_bench', appName: 'user-bench' });
const serviceCredential = generateServiceCredential();
const user = await buildApp({
  credit: creditLedgerStandIn(),
  db: mongo.db,
  serviceCredential,
  keyRing: new SigningKeyRing(createKeySet(new Date())),
  transaction: createOutboxTransaction(mongo.client, mongo.db),
  logLevel: 'warn',
  sweepLocks: false,
});
const userUrl = await user.listen({ port: 0, host: '127.0.0.1' });

// The gateway wired as its main does: remote JWKS + revocation feed.
const revocations = startRevocationReader({
  url: userUrl,
  intervalMs: 2_000,
  headers: () => serviceCredentialHeaders(serviceCredential),
});
await revocations.refresh();
const { verifier } = createPlatformAuth({ jwksUrl: `${userUrl}/auth/jwks`, revocations });
const gateway = await buildGateway({
  config: {
    ...gatewayDefaults,
    upstreams: { user: userUrl },
    corsOrigins: [],
    rateLimit: {
      anonymousPerMinute: 10_000_000,
      userPerMinute: 10_000_000,
      credentialsPerMinute: 10_000_000,
    },
  },
  verifier,
  logLevel: 'warn',
});
const gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });

const account = {
  email: 'bench@example.com',
  password: 'bench passphrase 2026',
  name: 'Bench',
  companyName: 'Bench Co',
};
const registered = await fetch(`${userUrl}/auth/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(account),
}).then((r) => r.json() as Promise<{ accessToken: string }>);
const bearer = { authorization: `Bearer ${registered.accessToken}` };

const row = (name: string, r: AutocannonResult) =>
  `${name.padEnd(44)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   non-2xx ${r.non2xx}`;

console.log(
  `argon2id m=${defaultArgon2Cost.memoryCost} KiB t=${defaultArgon2Cost.timeCost} p=${defaultArgon2Cost.parallelism}; ${connections} connections, ${duration} s each`,
);
const login = await load(`${userUrl}/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: account.email, password: account.password }),
});
console.log(row('POST /auth/login (user service)', login));

// Warm-up, then alternate so drift affects both sides alike.
await load(`${gatewayUrl}/api/v1/auth/jwks`);
const results: Record<string, AutocannonResult[]> = { gwAnon: [], gwAuth: [], svcAnon: [], svcAuth: [] };
for (let round = 0; round < 3; round++) {
  results.gwAnon!.push(await load(`${gatewayUrl}/api/v1/auth/jwks`));
  results.gwAuth!.push(await load(`${gatewayUrl}/api/v1/auth/jwks`, { headers: bearer }));
  results.svcAnon!.push(await load(`${userUrl}/auth/jwks`));
  results.svcAuth!.push(await load(`${userUrl}/auth/jwks`, { headers: bearer }));
}
const labels: Record<string, string> = {
  gwAnon: 'gateway → GET /auth/jwks, no token',
  gwAuth: 'gateway → GET /auth/jwks, bearer token',
  svcAnon: 'user service GET /auth/jwks, no token',
  svcAuth: 'user service GET /auth/jwks, bearer token',
};
for (const [key, runs] of Object.entries(results)) {
  for (const [i, r] of runs.entries()) console.log(row(`${labels[key]} #${i + 1}`, r));
}
// Medians over the rounds; the gateway's share = what a token adds at the gateway minus what it
// adds at the service behind it (the service verifies presented tokens too).
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const stat = (key: string, p: 'p50' | 'p99') => median(results[key]!.map((r) => r.latency[p]));
for (const p of ['p50', 'p99'] as const) {
  const throughGateway = stat('gwAuth', p) - stat('gwAnon', p);
  const atService = stat('svcAuth', p) - stat('svcAnon', p);
  console.log(
    `${p}: a token adds ${throughGateway} ms through the gateway, ${atService} ms of it at the user service → gateway verification ≈ ${throughGateway - atService} ms`,
  );
}

await gateway.close();
await user.close();
revocations.stop();
await mongo.close();
server.close();
process.exit(0);
