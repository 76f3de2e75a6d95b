/**
 * npm run load: npm start's platform (the runner, its demo seed, in memory) on this tool's ports,
 * the mix of a B2B day through its load balancer at rising concurrency, the same run's bare-Fastify
 * ceiling next to every step, the gateway-vs-nginx proxy bench, and the knee. Prints markdown.
 *
 * Exit code 0 when the run was done (its failed requests are in the table), 2 when it could not
 * be done, 130 when interrupted. Every process it started is stopped on each of these paths.
 */
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import {
  demoAccounts,
  type RunningPlatform,
  startNpmStart,
} from '../../../test/e2e-npm-start/support/npm-start.ts';
import { type Ceiling, startCeiling } from './ceiling.ts';
import { stopAllTracked } from './children.ts';
import { createLoadClient, runClosedLoop } from './driver.ts';
import { findKnee } from './knee.ts';
import { createMixChooser, routeNames, seededRandom } from './mix.ts';
import { LoadOptionsError, parseLoadOptions, usage } from './options.ts';
import { type ProxyComparison, runProxyComparison } from './proxy-comparison.ts';
import { createIteration } from './scenario.ts';
import { clientIpOf, logIn, readCatalogue, registerAccounts } from './setup.ts';
import { summariseByRoute } from './stats.ts';
import { report, type StepResult } from './table.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const progress = (line: string) => process.stderr.write(`load: ${line}\n`);
// One load generator is one client to the gateway: its per-client limits would answer 429s.
const unlimited = '100000000';

let platform: RunningPlatform | undefined;
/** Set while npm start comes up: an interruption then waits until it has stopped the runner. */
let platformStarting: Promise<RunningPlatform | undefined> | undefined;
const stoppedPlatforms = new WeakSet<RunningPlatform>();

/** Stops `running` once, whoever asks first (the run's end, a signal, a start that just finished). */
async function stopPlatform(running: RunningPlatform): Promise<void> {
  if (stoppedPlatforms.has(running)) return;
  stoppedPlatforms.add(running);
  const { survivors } = await running.stop();
  if (survivors.length > 0) progress(`processes of npm start still alive: ${survivors.join(', ')}`);
}
let ceiling: Ceiling | undefined;
const aborted = new AbortController();

/** Stops everything; `abort: false` before the proxy bench (the run goes on, the platform does not). */
async function cleanUp({ abort = true } = {}): Promise<void> {
  if (abort) aborted.abort();
  const stopping: Promise<unknown>[] = [stopAllTracked()];
  // A start under way either gives up (the signal) or finishes just now: stop what it started.
  if (platformStarting) stopping.push(platformStarting.then((started) => started && stopPlatform(started)));
  if (ceiling) stopping.push(ceiling.stop());
  if (platform) stopping.push(stopPlatform(platform));
  await Promise.allSettled(stopping);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    progress(`${signal}: stopping everything this run started`);
    void cleanUp().then(() => process.exit(130));
  });

async function run(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const header = [
    `${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs, load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `steps ${options.steps.join(', ')} × ${options.stepSeconds} s (closed loop, small undici driver, 127.0.0.1), after ${2} s unmeasured warm-up`,
    `mix ${routeNames.map((r) => `${r} ${options.mix[r]}`).join(', ')}; seed ${options.seed}`,
  ];
  progress(`starting npm start (load balancer ${options.lbPort}, services +${options.portOffset})`);
  const starting = startNpmStart(
    [
      { portOffset: options.portOffset, lbPort: options.lbPort, dbPort: options.dbPort },
      // The tool's ports lie in Linux's ephemeral range, where any outgoing connection may hold one
      // for a moment: a second block 40 ports up, as the e2e suite does.
      { portOffset: options.portOffset + 40, lbPort: options.lbPort + 40, dbPort: options.dbPort + 40 },
    ],
    {
      readyTimeoutMs: 300_000,
      signal: aborted.signal,
      env: {
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: unlimited,
        RATE_LIMIT_USER_PER_MINUTE: unlimited,
        RATE_LIMIT_CREDENTIALS_PER_MINUTE: unlimited,
      },
    },
  );
  platformStarting = starting.catch(() => undefined);
  platform = await starting;
  platformStarting = undefined;
  if (aborted.signal.aborted) return;
  const origin = platform.origin;
  const runId = Date.now().toString(36);
  const setupClient = createLoadClient(origin, 4);
  const call = (request: Parameters<typeof setupClient.send>[1]) => setupClient.send('setup', request);
  const catalogue = await readCatalogue(call);
  const peak = Math.max(...options.steps);
  progress(`logging in the demo buyer and registering ${peak - 1} more buyer accounts through the API`);
  const demoBuyer = await logIn(
    call,
    demoAccounts.acmeBuyer.email,
    demoAccounts.acmeBuyer.password,
    clientIpOf(0),
  );
  const accounts = [demoBuyer, ...(await registerAccounts(call, peak - 1, runId, { firstIp: 1 }))];
  await setupClient.close();
  header.push(
    `catalogue: ${catalogue.items.length} products, ${catalogue.categories.length} categories, ${catalogue.searchTerms.length} search words; ${accounts.length} buyers, one per simulated person (the demo buyer ${demoBuyer.email}, logged in, and ${accounts.length - 1} companies registered through the API)`,
  );
  if (options.ceiling)
    ceiling = await startCeiling(repoRoot, [
      options.benchPort + 3,
      options.benchPort + 43,
      options.benchPort + 53,
    ]);

  const random = seededRandom(options.seed);
  const choose = createMixChooser(options.mix, random);
  const steps: StepResult[] = [];
  const failureExamples = new Map<string, string>();
  for (const [index, concurrency] of options.steps.entries()) {
    const client = createLoadClient(origin, concurrency);
    const iteration = createIteration({
      client,
      catalogue,
      accounts,
      choose,
      random,
      run: `${runId}-${index}`,
    });
    try {
      if (index === 0) {
        // JIT, connection pools, caches: the first seconds of a fresh platform are not its speed.
        await runClosedLoop({ concurrency, durationMs: 2_000, iteration, signal: aborted.signal });
        client.take();
      }
      progress(`step ${concurrency} for ${options.stepSeconds} s`);
      const { elapsedMs } = await runClosedLoop({
        concurrency,
        durationMs: options.stepSeconds * 1000,
        iteration,
        signal: aborted.signal,
      });
      const routes = summariseByRoute(client.take(), routeNames, elapsedMs);
      const ceilingRow = ceiling
        ? await ceiling.measure(concurrency, options.stepSeconds * 1000, aborted.signal)
        : undefined;
      steps.push({ concurrency, routes, ceiling: ceilingRow });
    } finally {
      for (const [key, text] of client.failureExamples())
        if (!failureExamples.has(key)) failureExamples.set(key, text);
      await client.close();
    }
    if (aborted.signal.aborted) return;
  }
  // The platform and the ceiling stop first, so the proxy bench has the machine they had.
  await cleanUp({ abort: false });
  if (aborted.signal.aborted) return;
  let proxy: ProxyComparison | undefined;
  if (options.proxy) {
    progress(`gateway vs nginx: proxy-bench ${options.proxySeconds} s per case`);
    proxy = await runProxyComparison({
      repoRoot,
      seconds: options.proxySeconds,
      connections: options.proxyConnections,
      // Again 40 and 50 higher when a port is taken (ephemeral range), as the platform's ports.
      portBases: [options.benchPort, options.benchPort + 40, options.benchPort + 50],
      signal: aborted.signal,
    });
  }
  const knee = findKnee(
    steps.map((s) => ({ concurrency: s.concurrency, p95: s.routes.find((r) => r.route === 'all')!.p95 })),
    options.targetMs,
  );
  process.stdout.write(report({ header, steps, proxy, knee, targetMs: options.targetMs, failureExamples }));
}

try {
  await run();
} catch (err) {
  // Interrupted: the signal handler has said so, and the start-up's error says nothing new.
  if (aborted.signal.aborted) process.exitCode = 130;
  else {
    process.stderr.write(
      `${err instanceof LoadOptionsError ? err.message : ((err as Error).stack ?? err)}\n`,
    );
    process.exitCode = 2;
  }
} finally {
  await cleanUp();
}
