/**
 * Measures, on this machine, in one run over the real services (test kit startPlatform: user,
 * product, order, payment as their own processes behind the api-gateway, document-store bus):
 *   1. checkout → confirmed latency p50/p95/p99 over `--orders` invoice orders, placed by
 *      `--concurrency` buyers at once (each: add to cart, POST /orders, wait for the order to settle,
 *      then the next: a closed loop); the latency runs from the
 *      POST /orders request to the `confirmed` entry of the order's history (the order service's
 *      clock, same machine), so no tight polling loads the services being measured;
 *   2. checkouts per second at that concurrency (orders / wall time of phase 1);
 *   3. cart reads GET /api/v1/cart (a 3-line cart, prices re-checked by the product service) at
 *      `--connections` through the gateway, side by side with the bare-Fastify ceiling of the
 *      same run (services/search/bench/bare-fastify.ts), both driven by
 *      services/product/bench/load.ts in its own process.
 * The services run in their own processes; the embedded database runs in this one (startPlatform
 * starts it), next to the order driver. The lead runs it at full size on a quiet machine:
 *
 *   npx tsx services/order/bench/checkout-bench.ts [--orders 1000] [--concurrency 20]
 *     [--duration 10] [--connections 50]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPlatform } from '@b2b/test-kit/platform';
import { pollUntil } from '@b2b/test-kit/poll';
import { createPlatformAdmin } from '../../user/src/domain/platform-admin.ts';
import { createPasswordHasher } from '../../user/src/passwords/hasher.ts';
import { UserRepository } from '../../user/src/repositories/users.ts';
import { formatHops, sagaHops } from './saga-hops.ts';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '20' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
  },
});
const orderCount = Number(values.orders);
const concurrency = Number(values.concurrency);
const log = (line: string) => process.stdout.write(`${line}\n`);

const platform = await startPlatform({
  services: ['user', 'product', 'order', 'payment'],
  gateway: true,
  logLevel: 'warn',
  // A busy machine starts five Node processes slowly.
  readyTimeoutMs: 180_000,
  // One client IP and a few users make all the traffic: the gateway's abuse limits would measure 429s.
  env: {
    'api-gateway': {
      RATE_LIMIT_CREDENTIALS_PER_MINUTE: '1000000',
      RATE_LIMIT_USER_PER_MINUTE: '1000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    },
  },
});
const children: { kill(): void }[] = [];
const stopAll = async () => {
  for (const c of children) c.kill();
  await platform.stop();
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${platform.apiUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    // biome-ignore lint/suspicious/noExplicitAny: bodies of our own API, read field by field below
    return (text ? JSON.parse(text) : undefined) as any;
  };

  const password = 'bench admin passphrase 1';
  const admin = await createPlatformAdmin(
    {
      users: new UserRepository(platform.db('user')),
      hasher: await createPasswordHasher(),
      now: () => new Date(),
    },
    { email: `bench.${Date.now()}@example.com`, name: 'Bench', password },
  );
  const adminToken = (await api('POST', '/auth/login', undefined, { email: admin.user.email, password }))
    .accessToken as string;
  const skus = ['BENCH-A', 'BENCH-B', 'BENCH-C'];
  for (const sku of skus) {
    await api('POST', '/admin/products', adminToken, {
      sku,
      name: `Bench ${sku}`,
      listPrice: { amount: '12.50', currency: 'EUR' },
      status: 'active',
    });
    await api('PUT', `/admin/inventory/${sku}`, adminToken, { onHand: 10_000_000 });
  }

  // One buyer per concurrent checkout, each its own company on net30 with room for every order.
  // Registered one after another: each hashes a password, which is the slow part, not measured here.
  const buyers: { userId: string; token: string }[] = [];
  for (let i = 0; i < concurrency; i++) {
    const tag = `${Date.now().toString(36)}-${i}`;
    const reg = await api('POST', '/auth/register', undefined, {
      email: `buyer.${tag}@example.com`,
      password: `bench passphrase ${tag}`,
      name: `Buyer ${i}`,
      companyName: `Bench ${tag}`,
    });
    await api('PATCH', `/admin/companies/${reg.company.id}`, adminToken, {
      paymentTerms: 'net30',
      creditLimit: { amount: '100000000.00', currency: 'EUR' },
    });
    buyers.push({ userId: reg.user.id as string, token: reg.accessToken as string });
  }
  // Checkouts need the order service to know the buyer and the payment service the credit.
  await pollUntil(
    async () =>
      (await platform
        .db('order')
        .collection('member_projections')
        .countDocuments({ _id: { $in: buyers.map((b) => b.userId) as never[] } })) === buyers.length &&
      (await platform
        .db('payment')
        .collection('credit_accounts')
        .countDocuments({ paymentTerms: 'net30' })) === buyers.length,
    { timeoutMs: 60_000, message: 'buyers known to the order and payment services' },
  );

  // 1 + 2: checkouts at `concurrency`, closed loop: each buyer waits for its order to settle
  // (leave `pending`) before the next checkout, as a person at the checkout page does. An open loop
  // (POST as fast as the API answers) measures the backlog, not the checkout: its latency grows with
  // the run's length. Latency comes from the order's own history.
  log(
    `checkout → confirmed: ${orderCount} invoice orders, ${concurrency} buyers each waiting for their order`,
  );
  const orders = platform.db('order').collection('orders');
  const placedAt = new Map<string, number>();
  // One query for every waiting order at a time (not one poll per buyer): the waiting costs the
  // database a few queries per second, not a tight loop per order.
  const waiting = new Map<string, () => void>();
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      if (waiting.size > 0) {
        const done = await orders
          .find(
            { _id: { $in: [...waiting.keys()] as never[] }, status: { $ne: 'pending' } },
            { projection: { _id: 1 } },
          )
          .toArray();
        for (const o of done) {
          const id = o._id as unknown as string;
          waiting.get(id)?.();
          waiting.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  // A failed checkout below ends the run: the watcher must not outlive the platform (its next
  // query would fail on the closed client and hide the checkout's own error).
  watcher.catch((err) => log(`  order watcher stopped: ${(err as Error).message}`));
  const settledOf = (id: string) => new Promise<void>((resolve) => waiting.set(id, resolve));
  let next = 0;
  const begun = performance.now();
  const wallStart = Date.now();
  await Promise.all(
    buyers.map(async (buyer) => {
      try {
        while (next < orderCount) {
          next++;
          await api('POST', '/cart/items', buyer.token, { sku: skus[next % skus.length], quantity: 1 });
          const startedAt = Date.now();
          const order = await api('POST', '/orders', buyer.token, {
            shippingAddress: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
            paymentMethod: 'invoice',
          });
          placedAt.set(order.id, startedAt);
          await Promise.race([
            settledOf(order.id),
            new Promise((_, reject) =>
              setTimeout(
                () => reject(new Error(`order ${order.id} still pending after 60 s`)),
                60_000,
              ).unref(),
            ),
          ]);
        }
      } catch (err) {
        watching = false;
        throw err;
      }
    }),
  ).catch(async (err) => {
    watching = false;
    await watcher.catch(() => {});
    throw err;
  });
  watching = false;
  await watcher;
  const ids = [...placedAt.keys()] as never[];
  const elapsedS = (performance.now() - begun) / 1000;
  const settled = await orders
    .find({ _id: { $in: ids } }, { projection: { status: 1, history: 1 } })
    .toArray();
  const latencies: number[] = [];
  let notConfirmed = 0;
  for (const o of settled) {
    const confirmed = (o.history as { status: string; at: Date }[]).find((h) => h.status === 'confirmed');
    if (!confirmed) {
      notConfirmed++;
      continue;
    }
    latencies.push(confirmed.at.getTime() - placedAt.get(o._id as unknown as string)!);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  log(
    `  latency ms  p50 ${at(50)}  p95 ${at(95)}  p99 ${at(99)}  max ${latencies.at(-1) ?? 0}  (${latencies.length} confirmed, ${notConfirmed} not)`,
  );
  log(
    `  checkouts/s ${(orderCount / elapsedS).toFixed(1)} at c=${concurrency} (${elapsedS.toFixed(1)} s from the first POST to the last order settled; started ${new Date(wallStart).toISOString()})`,
  );

  log('  per hop (from the outbox, idempotency records and the order history):');
  const hops = await sagaHops(
    { order: platform.db('order'), product: platform.db('product'), payment: platform.db('payment') },
    placedAt,
  );
  for (const line of formatHops(hops)) log(line);

  // 3: cart reads through the gateway next to the bare-Fastify ceiling.
  const reader = buyers[0]!;
  for (const sku of skus) await api('POST', '/cart/items', reader.token, { sku, quantity: 2 });
  const bare = await startBareFastify();
  children.push(bare);
  const cartRead = await load(`${platform.apiUrl}/api/v1/cart`, { authorization: `Bearer ${reader.token}` });
  const ceiling = await load(bare.url);
  log(`reads at c=${values.connections} for ${values.duration} s`);
  log(row('GET /api/v1/cart (gateway → order → product quote)', cartRead));
  log(row('bare Fastify, one process (ceiling)', ceiling));
} finally {
  await stopAll();
}

interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function row(name: string, r: LoadResult): string {
  return `  ${name.padEnd(52)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  non-2xx ${r.non2xx}  errors ${r.errors}`;
}

/** services/product/bench/load.ts in its own process: closed-loop load with exact percentiles. */
function load(url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const script = fileURLToPath(new URL('../../product/bench/load.ts', import.meta.url));
  const args = ['--import', 'tsx', script, url, values.connections!, values.duration!];
  for (const [k, v] of Object.entries(headers)) args.push(`${k}=${v}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load.ts exited ${code}`)),
    );
  });
}

/** services/search/bench/bare-fastify.ts in its own process; it prints the port it listens on. */
function startBareFastify(): Promise<{ url: string; kill(): void }> {
  const script = fileURLToPath(new URL('../../search/bench/bare-fastify.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = /^(\d+)\n/.exec(out)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}/`, kill: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`bare-fastify exited ${code}`)));
  });
}
