/**
 * Cross-service tests against the real thing: the embedded database (the document-store event bus
 * lives in it, database `eventbus`), the chosen services as child processes running their own
 * `src/main.ts` with the environment `npm start` gives them (serviceEnvAt of the local runner), on
 * ports the OS chose, and optionally the api-gateway in front of them.
 *
 *   const platform = await startPlatform({ services: ['user'], gateway: true });
 *   await fetch(`${platform.apiUrl}/api/v1/auth/register`, ...);
 *   await platform.kill('user', 'SIGKILL');
 *   await platform.restart('user');
 *   await platform.stop();
 *
 * Which services can start comes from the catalogue (`live`, with a `src/main.ts`): a new service
 * needs no change here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import { runSeed, type SeedResult, seedEntry } from '@b2b/local-runner/seeds';
import { serviceEnvAt } from '@b2b/local-runner/service-env';
import { type ServiceName, serviceNames, services } from '@b2b/shared/catalogue';
import { createMongo, type Mongo } from '@b2b/shared/db';
import { generateServiceCredential } from '@b2b/shared/internal';
import type { Db } from 'mongodb';
import { pollUntil } from './poll.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Lines of output kept per service for the failure message of a start that did not work. */
const keptLines = 400;

export interface PlatformOptions {
  /** Backend services to run (each must be `live` in the catalogue). */
  readonly services: readonly ServiceName[];
  /** Also run the api-gateway in front of them (`apiUrl`). */
  readonly gateway?: boolean;
  /** pino level of the services (default `info`, so a failed start shows why). */
  readonly logLevel?: string;
  /** Per service start-up deadline until `/health/ready` answers 200 (default 60 s: a busy machine). */
  readonly readyTimeoutMs?: number;
  /** Extra variables for one service (e.g. a lower rate limit), on top of the runner's environment. */
  readonly env?: Partial<Record<ServiceName, Record<string, string>>>;
  /**
   * Browser origins the gateway (CORS) and the user service (browser-session Origin check) allow;
   * the first is also where the notification service's emailed links point (default none).
   */
  readonly corsOrigins?: readonly string[];
  /** Also run each started service's `src/seed.ts` (the demo data of `npm start`), default false. */
  readonly seed?: boolean;
}

export interface Platform {
  /** The api-gateway's base URL (`${apiUrl}/api/v1/...`); throws when started without the gateway. */
  readonly apiUrl: string;
  /** Base URL of a service (for `/internal/*` or `/health`). */
  serviceUrl(name: ServiceName): string;
  /** The embedded database's connection string. */
  readonly mongoUri: string;
  /** A connected handle on a database of the platform (`user`, `eventbus`…), closed by stop(). */
  db(name: string): Db;
  /** Sends `signal` (default SIGKILL) to a service and resolves once its process is gone. */
  kill(
    name: ServiceName,
    signal?: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts a service again (stopping it first if it still runs) on its port, and waits until ready. */
  restart(name: ServiceName): Promise<void>;
  /** Everything a service printed so far (stdout and stderr lines, the last few hundred). */
  output(name: ServiceName): readonly string[];
  /** Stops the services (gateway first), the database and removes the data directory. */
  stop(): Promise<void>;
}

export class PlatformStartError extends Error {}

/** Services that `startPlatform` can run: live in the catalogue, with a process entry. */
export function startableServices(): ServiceName[] {
  return serviceNames.filter((name) => services[name].status === 'live' && existsSync(entryOf(name)));
}

function entryOf(name: ServiceName): string {
  return path.join(repoRoot, 'services', name, 'src', 'main.ts');
}

/** A port nobody listens on right now, as the OS hands them out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

class ServiceChild {
  child: ChildProcess | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({
    code: null,
    signal: null,
  });
  readonly lines: string[] = [];

  constructor(
    readonly name: ServiceName,
    readonly url: string,
    readonly env: Record<string, string>,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', entryOf(this.name)], {
      cwd: repoRoot,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        if (this.lines.length > keptLines) this.lines.splice(0, this.lines.length - keptLines);
      });
    }
  }

  /** Resolves once `/health/ready` answers 200; rejects at the deadline or when the process exits. */
  async waitReady(timeoutMs: number): Promise<void> {
    let settled = false;
    const ready = pollUntil(
      async () => {
        if (settled) return true;
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        await res.body?.cancel();
        // Thrown, so the timeout message says what it answered last.
        if (res.status !== 200) throw new Error(`answered ${res.status}`);
        return true;
      },
      { timeoutMs, intervalMs: 100, message: `${this.name} /health/ready answering 200` },
    );
    const died = this.exited.then(({ code, signal }) => {
      throw new Error(`${this.name} exited (${signal ?? `code ${code}`}) before it was ready`);
    });
    try {
      await Promise.race([ready, died]);
    } catch (err) {
      throw new PlatformStartError(
        `${(err as Error).message}\n--- last output of ${this.name} ---\n${this.lines.slice(-60).join('\n')}`,
      );
    } finally {
      settled = true;
      ready.catch(() => {});
      died.catch(() => {});
    }
  }

  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child!.kill(signal);
    return this.exited;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.signal('SIGTERM');
    clearTimeout(timer);
  }

  killNow(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }
}

/** The demo catalog's 500 products take ~20 s alone, minutes on a shared, busy CI machine. */
const seedTimeoutMs = 300_000;

/** Every started service's seed with the service's own environment; a failed seed fails the start. */
async function runSeeds(names: readonly ServiceName[], children: Map<ServiceName, ServiceChild>) {
  const runs: Promise<SeedResult>[] = [];
  for (const name of names) {
    const entry = seedEntry(repoRoot, name);
    if (entry) runs.push(runSeed(name, entry, repoRoot, children.get(name)!.env, undefined, seedTimeoutMs));
  }
  const failed = (await Promise.all(runs)).filter((r) => !r.ok);
  if (failed.length > 0) {
    throw new PlatformStartError(
      failed.map((r) => `seed of ${r.service} failed (${r.detail}):\n${r.output.join('\n')}`).join('\n'),
    );
  }
}

/**
 * Starts the platform; again on new ports (at most 3 times) when a service found its port taken.
 * The ports come from the OS (`freePort`) and are bound seconds later by the child process; in
 * between, another process (a parallel test's outgoing connection takes ephemeral ports from the
 * same range) may get one (a CI run failed so: `product: port 39963 … EADDRINUSE`).
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPlatformOnce(options);
    } catch (err) {
      const portTaken = err instanceof PlatformStartError && /EADDRINUSE/.test(err.message);
      if (!portTaken || attempt >= 3) throw err;
    }
  }
}

async function startPlatformOnce(options: PlatformOptions): Promise<Platform> {
  const requested = [
    ...new Set([...options.services, ...(options.gateway ? (['api-gateway'] as const) : [])]),
  ];
  const startable = startableServices();
  const unknown = requested.filter((name) => !startable.includes(name));
  if (unknown.length > 0) {
    throw new PlatformStartError(
      `cannot start ${unknown.join(', ')}: only live catalogue services with a src/main.ts can (${startable.join(', ')})`,
    );
  }
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'b2b-platform-'));
  let database: EmbeddedServer | undefined;
  const mongos: Mongo[] = [];
  const children = new Map<ServiceName, ServiceChild>();
  const killAll = () => {
    for (const child of children.values()) child.killNow();
  };
  // A crashed test worker must not leave services holding ports.
  process.once('exit', killAll);

  const stop = async () => {
    process.removeListener('exit', killAll);
    const gateway = children.get('api-gateway');
    await gateway?.stop();
    await Promise.all([...children.values()].map((c) => c.stop()));
    await Promise.all(mongos.splice(0).map((m) => m.close()));
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    database = await startEmbeddedServer();
    // Every catalogue service gets an address, so each one's SERVICE_URL_* is set; the ones not
    // started simply refuse connections (the gateway answers 503 for their areas).
    const urls = new Map<ServiceName, string>();
    for (const name of serviceNames) urls.set(name, `http://127.0.0.1:${await freePort()}`);
    const urlOf = (name: ServiceName) => urls.get(name)!;
    const parentEnv = { ...process.env, LOG_LEVEL: options.logLevel ?? 'info' };
    // One platform, one credential: what the runner keeps in .data/service-credential.
    const serviceCredential = generateServiceCredential();
    for (const name of requested) {
      const env = serviceEnvAt({
        service: name,
        mongoUri: database.uri,
        dataDir,
        port: Number(new URL(urlOf(name)).port),
        serviceUrl: urlOf,
        corsOrigins: options.corsOrigins ?? [],
        serviceCredential,
        parentEnv,
      });
      children.set(name, new ServiceChild(name, urlOf(name), { ...env, ...options.env?.[name] }));
    }
    // Backends first, then the gateway: it fetches keys and revocations from them on start.
    const backends = requested.filter((name) => name !== 'api-gateway');
    for (const name of backends) children.get(name)!.start();
    // Seeds run next to their service's start, as npm start runs them.
    const seeds = options.seed ? runSeeds(backends, children) : Promise.resolve();
    await Promise.all([...backends.map((name) => children.get(name)!.waitReady(readyTimeoutMs)), seeds]);
    const gateway = children.get('api-gateway');
    if (gateway) {
      gateway.start();
      await gateway.waitReady(readyTimeoutMs);
    }
  } catch (err) {
    await stop();
    throw err;
  }

  const childOf = (name: ServiceName) => {
    const child = children.get(name);
    if (!child) throw new Error(`${name} is not part of this platform (started: ${requested.join(', ')})`);
    return child;
  };
  const mongoUri = database.uri;

  return {
    get apiUrl() {
      return childOf('api-gateway').url;
    },
    serviceUrl: (name) => childOf(name).url,
    mongoUri,
    db(name) {
      const mongo = createMongo({ uri: mongoUri, dbName: name, appName: 'test-kit' });
      mongos.push(mongo);
      return mongo.db;
    },
    kill: (name, signal = 'SIGKILL') => childOf(name).signal(signal),
    async restart(name) {
      const child = childOf(name);
      await child.stop();
      child.start();
      await child.waitReady(readyTimeoutMs);
    },
    output: (name) => [...childOf(name).lines],
    stop,
  };
}
