/**
 * What a bearer token costs the user service per request: the same cheap public route
 * (GET /auth/jwks) with and without a token (the token is verified and revocation-checked either
 * way it is presented), and GET /users/me (token + one database read). The user service listens
 * on 127.0.0.1:41100, the database (its own process) on 41101; autocannon runs as a separate process.
 *
 * `--baseline` adds the before/after figure in the same run: a trivial authenticated route
 * served by two otherwise identical apps (ports +2 and +3), one reading the denylist from the
 * database on every request as the user service did before its revocation cache (a faithful
 * reconstruction, see revocation-paths.ts), one with the cache the user service uses now.
 *
 *   npx tsx services/user/bench/auth-check-bench.ts [--duration 5] [--connections 20] [--port 41100]
 *     [--db-port 41101] [--baseline]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createMongo } from '@b2b/shared/db';
import { buildApp } from '../src/app.ts';
import { createOutboxTransaction } from '../src/events/outbox-transaction.ts';
import { createKeySet, SigningKeyRing } from '../src/tokens/signing-keys.ts';
import { creditLedgerStandIn } from '../test/support/credit-ledger-stand-in.ts';
import { cachedRevocationsApp, perRequestDenylistApp, whoamiPath } from './revocation-paths.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    port: { type: 'string', default: '41100' },
    'db-port': { type: 'string', default: '41101' },
    baseline: { type: 'boolean', default: false },
  },
});

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
}
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

function load(url: string, headers: Record<string, string> = {}): Promise<AutocannonResult> {
  const args = [autocannonBin, '-j', '-c', values.connections, '-d', values.duration];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
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

const dbBin = fileURLToPath(new URL('../../../tools/docdb-local/bin/docdb-local.mjs', import.meta.url));
const db = spawn(process.execPath, [dbBin, '--port', values['db-port']], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const uri = await new Promise<string>((resolve, reject) => {
  let out = '';
  db.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /ready (mongodb:\/\/\S+)/.exec(out);
    if (match) resolve(match[1]!);
  });
  db.once('exit', (code) => reject(new Error(`docdb-local exited with ${code}`)));
});
const mongo = createMongo({ uri, dbName: 'user_auth_bench', appName: 'user-bench' });
const keyRing = new SigningKeyRing(createKeySet(new Date()));
const user = await buildApp({
  credit: creditLedgerStandIn(),
  db: mongo.db,
  keyRing,
  transaction: createOutboxTransaction(mongo.client, mongo.db),
  logLevel: 'warn',
  sweepLocks: false,
  // The bench calls no /internal route.
  serviceCredential: undefined,
});
const base = await user.listen({ port: Number(values.port), host: '127.0.0.1' });
const tag = Date.now().toString(36);
const registered = (await fetch(`${base}/auth/register`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    email: `bench.${tag}@example.com`,
    password: `bench passphrase ${tag}`,
    name: 'Bench',
    companyName: `Bench ${tag}`,
  }),
}).then((r) => r.json())) as { accessToken: string };
const bearer = { authorization: `Bearer ${registered.accessToken}` };

const row = (name: string, r: AutocannonResult) =>
  `${name.padEnd(36)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   non-2xx ${r.non2xx}`;
console.log(`${values.connections} connections, ${values.duration} s each`);
await load(`${base}/auth/jwks`, bearer); // warm-up
console.log(row('GET /auth/jwks, no token', await load(`${base}/auth/jwks`)));
console.log(row('GET /auth/jwks, bearer token', await load(`${base}/auth/jwks`, bearer)));
console.log(row('GET /users/me, bearer token', await load(`${base}/users/me`, bearer)));

if (values.baseline) {
  const before = await perRequestDenylistApp(mongo.db, keyRing);
  const after = await cachedRevocationsApp(mongo.db, keyRing);
  const beforeBase = await before.listen({ port: Number(values.port) + 2, host: '127.0.0.1' });
  const afterBase = await after.listen({ port: Number(values.port) + 3, host: '127.0.0.1' });
  // Both must really check the token: 200 with it, 401 without, before anything is measured.
  for (const base of [beforeBase, afterBase]) {
    const [withToken, without] = await Promise.all([
      fetch(`${base}${whoamiPath}`, { headers: bearer }),
      fetch(`${base}${whoamiPath}`),
    ]);
    if (withToken.status !== 200 || without.status !== 401) {
      throw new Error(`${base}${whoamiPath}: ${withToken.status} with the token, ${without.status} without`);
    }
  }
  await load(`${beforeBase}${whoamiPath}`, bearer); // warm-up
  await load(`${afterBase}${whoamiPath}`, bearer);
  const perRequest = await load(`${beforeBase}${whoamiPath}`, bearer);
  const cached = await load(`${afterBase}${whoamiPath}`, bearer);
  console.log('\nauthenticated trivial route (GET /bench/whoami), before and after the revocation cache:');
  console.log(row('before: denylist read per request', perRequest));
  console.log(row('after: revocation feed cache', cached));
  console.log(`after / before: ${(cached.requests.average / perRequest.requests.average).toFixed(2)}×`);
  await before.close();
  await after.close();
}

await user.close();
await mongo.close();
db.kill('SIGTERM');
process.exit(0);
