/**
 * `npm start`: the whole platform on a laptop. Embedded database (or MONGODB_URI), every live
 * catalogue service as its own process with its AWS environment pointed at local endpoints, the
 * seed steps, and a load balancer with the ALB's path rules. Ctrl+C stops it in order.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveServices, type ServiceName } from '@b2b/shared/catalogue';
import { type LoadBalancer, startLoadBalancer } from './load-balancer.ts';
import { label, paint, say, warn } from './log-output.ts';
import { OptionsError, parseOptions, type RunnerOptions, servicePort, usage } from './options.ts';
import { buildPathRules } from './path-rules.ts';
import { assertPortsFree, PortBusyError, type PortClaim, waitForOk } from './ports-and-readiness.ts';
import { runSeed, type SeedResult, seedEntry } from './seeds.ts';
import { loadOrCreateServiceCredential } from './service-credential.ts';
import { buildServiceEnv } from './service-env.ts';
import { runnerStatus, writeStatusFile } from './status-file.ts';
import { ServiceProcess } from './supervisor.ts';
import { buildStaleWebApps } from './web-apps.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Hard ceiling for the whole stop sequence; services get 8 s of it. */
const stopDeadlineMs = 9_500;
const readyDeadlineMs = 180_000;

interface Database {
  readonly uri: string;
  close(): Promise<void>;
}

async function startDatabase(opts: RunnerOptions): Promise<Database> {
  if (opts.mongoUri) {
    say(`using the database at MONGODB_URI (embedded database not started)`);
    return { uri: opts.mongoUri, close: async () => {} };
  }
  let startEmbeddedServer: (o: { port?: number; dataDir?: string }) => Promise<Database>;
  try {
    ({ startEmbeddedServer } = await import('@b2b/docdb-local'));
  } catch (err) {
    throw new StartupError(
      `The embedded database (@b2b/docdb-local) could not be loaded (${(err as Error).message}). ` +
        'Set MONGODB_URI to a MongoDB-compatible server to run without it.',
    );
  }
  const dataDir = opts.inMemory ? undefined : path.join(opts.dataDir, 'db');
  let db: Database;
  try {
    db = await startEmbeddedServer({ port: opts.dbPort, dataDir });
  } catch (err) {
    // E.g. another runner holds the data directory's lock: a sentence, not a stack trace.
    throw new StartupError(`The embedded database could not start: ${(err as Error).message}`);
  }
  const where = dataDir ? `data in ${path.relative(opts.repoRoot, dataDir) || dataDir}` : 'in memory';
  say(`embedded database at ${db.uri} (${where})`);
  return db;
}

class StartupError extends Error {}

function portClaims(opts: RunnerOptions, names: readonly ServiceName[]): PortClaim[] {
  const claims: PortClaim[] = [
    { port: opts.lbPort, host: '127.0.0.1', purpose: 'load balancer', variable: 'LB_PORT or --lb-port' },
  ];
  if (!opts.mongoUri) {
    claims.push({
      port: opts.dbPort,
      host: '127.0.0.1',
      purpose: 'embedded database',
      variable: 'DB_PORT or --db-port',
    });
  }
  for (const name of names) {
    claims.push({
      port: servicePort(name, opts.portOffset),
      host: '127.0.0.1',
      purpose: `service ${name}`,
      variable: 'PORT_OFFSET or --port-offset',
    });
  }
  return claims;
}

function printSummary(opts: RunnerOptions, seeds: readonly SeedResult[]): void {
  const base = `http://localhost:${opts.lbPort}`;
  const lines = [
    '',
    paint(1, 'B2B commerce platform is running'),
    `  customer portal  ${base}/`,
    `  admin dashboard  ${base}/admin`,
    `  API              ${base}/api/v1  (health: ${base}/api/v1/health)`,
    `  API docs         ${base}/api/docs`,
  ];
  for (const seed of seeds) {
    lines.push(
      '',
      `  seed ${seed.service}: ${seed.ok ? 'ok' : paint(33, seed.detail)} (${seed.durationMs} ms)`,
    );
    for (const line of seed.output) lines.push(`    ${line}`);
  }
  lines.push('', '  Ctrl+C stops everything.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseOptions>;
  try {
    opts = parseOptions(process.argv.slice(2), process.env, repoRoot);
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (opts.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }

  // A service marked live without code yet would only crash-loop: say so once instead.
  const names = liveServices().filter((name) => {
    const present = existsSync(path.join(opts.repoRoot, 'services', name, 'src', 'main.ts'));
    if (!present)
      warn(`${name} is live in the catalogue but services/${name}/src/main.ts does not exist; skipped`);
    return present;
  });
  const processes = new Map<ServiceName, ServiceProcess>();
  let database: Database | undefined;
  let balancer: LoadBalancer | undefined;
  let stopping = false;
  const seedsAbort = new AbortController();

  const stop = async (reason: string) => {
    // Ctrl+C reaches npm, tsx and the runner at once and the first two relay it: expect repeats.
    if (stopping) return;
    stopping = true;
    say(`${reason}: stopping (load balancer, services, database)`);
    const watchdog = setTimeout(() => {
      warn(`stop took longer than ${stopDeadlineMs / 1000} s; killing what is left`);
      for (const p of processes.values()) p.killNow();
      process.exit(1);
    }, stopDeadlineMs);
    watchdog.unref();
    seedsAbort.abort();
    await balancer?.close();
    await Promise.all([...processes.values()].map((p) => p.stop()));
    await database?.close().catch((err: Error) => warn(`database close failed: ${err.message}`));
    clearTimeout(watchdog);
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Whatever happens to the runner, no service outlives it holding a port.
  process.once('exit', () => {
    seedsAbort.abort();
    for (const p of processes.values()) p.killNow();
  });

  await assertPortsFree(portClaims(opts, names));
  try {
    await buildStaleWebApps(opts.repoRoot, names, say);
  } catch (err) {
    throw new StartupError(`A web app did not build: ${(err as Error).message}`);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  let serviceCredential: string;
  try {
    serviceCredential = loadOrCreateServiceCredential(opts.dataDir);
  } catch (err) {
    throw new StartupError(`The service credential could not be prepared: ${(err as Error).message}`);
  }
  database = await startDatabase(opts);
  if (stopping) return;

  const statusFile = opts.statusFile;
  const onChange = statusFile
    ? () => {
        try {
          writeStatusFile(
            statusFile,
            runnerStatus(processes.values(), (n) => servicePort(n as ServiceName, opts.portOffset)),
          );
        } catch (err) {
          warn(`status file ${statusFile} not written: ${(err as Error).message}`);
        }
      }
    : undefined;
  const seedRuns: Promise<SeedResult>[] = [];
  for (const name of names) {
    const env = buildServiceEnv({
      service: name,
      mongoUri: database.uri,
      eventBusUri: opts.eventBusUri,
      dataDir: opts.dataDir,
      portOffset: opts.portOffset,
      lbPort: opts.lbPort,
      serviceCredential,
      parentEnv: process.env,
    });
    const entry = path.join(opts.repoRoot, 'services', name, 'src', 'main.ts');
    const proc = new ServiceProcess({ name, entry, cwd: opts.repoRoot, env, onChange });
    processes.set(name, proc);
    proc.start();
    const seed = opts.skipSeed ? undefined : seedEntry(opts.repoRoot, name);
    if (seed) seedRuns.push(runSeed(name, seed, opts.repoRoot, env, seedsAbort.signal));
  }

  balancer = await startLoadBalancer({
    rules: buildPathRules(),
    port: opts.lbPort,
    targetPort: (service) => (processes.has(service) ? servicePort(service, opts.portOffset) : undefined),
    isRunning: (service) => processes.get(service)?.state === 'running',
  });
  say(`load balancer on http://localhost:${balancer.port}`);

  let servicesReadyAfter = 0;
  let seedsDoneAfter = 0;
  const [readiness, seeds] = await Promise.all([
    Promise.all(
      names.map(async (name) => {
        const url = `http://127.0.0.1:${servicePort(name, opts.portOffset)}/health/ready`;
        const ready = await waitForOk(url, readyDeadlineMs, () => stopping);
        if (!ready && !stopping) warn(`${name} did not become ready within ${readyDeadlineMs / 1000} s`);
        return ready;
      }),
    ).finally(() => {
      servicesReadyAfter = process.uptime();
    }),
    Promise.all(seedRuns).finally(() => {
      seedsDoneAfter = process.uptime();
    }),
  ]);
  if (stopping) return;
  printSummary(opts, seeds);
  const notReady = names.filter((_, i) => !readiness[i]);
  const took = process.uptime().toFixed(1);
  if (notReady.length === 0) {
    const detail =
      seeds.length > 0
        ? `; services ready after ${servicesReadyAfter.toFixed(1)} s, seeds done after ${seedsDoneAfter.toFixed(1)} s`
        : '';
    say(`${paint(32, `ready in ${took} s`)} (${names.map((n) => label(n, 0)).join(', ')}${detail})`);
  } else {
    warn(`started in ${took} s, but not ready: ${notReady.join(', ')}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof PortBusyError || err instanceof StartupError) {
    process.stderr.write(`${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(
      `A port is already in use: ${(err as Error).message}. Change LB_PORT, DB_PORT or PORT_OFFSET.\n`,
    );
  } else {
    process.stderr.write(`npm start failed: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
