/**
 * A closed-loop load generator for catalog-bench.ts, run as its own process (so it does not share
 * the services' event loop): `c` connections each send the next request when the last answered,
 * for `duration` seconds; prints requests/s and exact p50/p95/p99 latencies as JSON.
 *
 *   npx tsx services/product/bench/load.ts <url> <connections> <seconds> [header=value ...]
 */
import { Agent, request } from 'undici';

const [url, c = '50', seconds = '10', ...headerArgs] = process.argv.slice(2);
if (!url) throw new Error('usage: load.ts <url> <connections> <seconds> [header=value ...]');
const headers = Object.fromEntries(
  headerArgs.map((h) => [h.slice(0, h.indexOf('=')), h.slice(h.indexOf('=') + 1)]),
);
const connections = Number(c);
const dispatcher = new Agent({ connections, pipelining: 1 });
const latencies: number[] = [];
let non2xx = 0;
let errors = 0;
const end = Date.now() + Number(seconds) * 1000;

async function loop(): Promise<void> {
  while (Date.now() < end) {
    const started = performance.now();
    try {
      const res = await request(url!, { headers, dispatcher });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      latencies.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
}

const begun = performance.now();
await Promise.all(Array.from({ length: connections }, loop));
const elapsedS = (performance.now() - begun) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) =>
  Number(
    (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(2),
  );
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    rps: Math.round(latencies.length / elapsedS),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    non2xx,
    errors,
  }),
);
await dispatcher.close();
