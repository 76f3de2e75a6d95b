/**
 * The load generator, run as its own process by search-bench.ts so it does not share the measured
 * services' event loop: autocannon over a mix of paths on one origin, with every response time
 * kept so p50/p95/p99 are exact (autocannon's own summary has no p95). Prints one JSON line.
 *
 *   node --import tsx load.ts '<json: { origin, paths, connections, durationSeconds }>'
 */
import autocannon from 'autocannon';

const { origin, paths, connections, durationSeconds } = JSON.parse(process.argv[2] ?? '{}') as {
  origin: string;
  paths: string[];
  connections: number;
  durationSeconds: number;
};

const times: number[] = [];
const statuses: Record<string, number> = {};
const result = await autocannon({
  url: origin,
  connections,
  duration: durationSeconds,
  requests: paths.map((path) => ({ method: 'GET', path })),
  setupClient: (client) => {
    client.on('response', (status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  },
});
times.sort((a, b) => a - b);
const at = (p: number) =>
  Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    rps: Math.round(result.requests.average),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    responses: times.length,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses,
  })}\n`,
);
