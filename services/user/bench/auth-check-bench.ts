/**
 * What a bearer token costs the user service per request: the same cheap public route
 * (GET /auth/jwks) with and without a token (the token is verified and revocation-checked either
 * way it is presented), and GET /users/me (token + one database read). The user service listens
 * on 127.0.0.1:41100, the database (its own process) on 41101; autocannon runs as a separate process.
 *
 *   npx tsx services/user/bench/auth-check-bench.ts [--duration 5] [--connections 20]
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

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    port: { type: 'string', default: '41100' },
    'db-port': { type: 'string', default: '41101' },
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
const user = await buildApp({
  credit: creditLedgerStandIn(),
  db: mongo.db,
  keyRing: new SigningKeyRing(createKeySet(new Date())),
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

await user.close();
await mongo.close();
db.kill('SIGTERM');
process.exit(0);
