/**
 * The platform under test, started as `npm start` starts it, with three things moved out of the
 * runner so the tool can break them:
 * - the database runs as its own process (docdb-local on a temporary data directory, on disk: a
 *   restart must find the data again), handed to the runner as MONGODB_URI;
 * - the services reach the bus through a TCP proxy (EVENT_BUS_MONGODB_URI), which can be cut;
 * - the runner writes its children's pids to a status file (`--status-file`), so a service can
 *   be sent SIGKILL / SIGSTOP by pid. No HTTP server offers any of this.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit/poll';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface PlatformPorts {
  /** The local load balancer. */
  readonly lb: number;
  readonly db: number;
  /** The bus proxy in front of the database. */
  readonly bus: number;
  /** Added to every catalogue port (3000-3008). */
  readonly portOffset: number;
}

/** Inside the tool's own range 43500-43599: services 43500-43508, the rest above them. */
export const defaultPorts: PlatformPorts = { lb: 43_520, db: 43_521, bus: 43_522, portOffset: 40_500 };

export interface ServiceStatus {
  readonly pid: number | null;
  readonly state: string;
  readonly restarts: number;
  readonly port: number;
}

export interface Platform {
  readonly ports: PlatformPorts;
  readonly apiUrl: string;
  /** Straight to the database (the tool's own reads), not through the proxy. */
  readonly mongoUri: string;
  readonly bus: TcpProxy;
  status(): Record<string, ServiceStatus>;
  /** The local runner's own process (it is the load balancer too). */
  readonly runnerPid: number | undefined;
  /** The database process now (a restart gives it a new pid). */
  databasePid(): number | undefined;
  /** Resolves once `service` answers /health/ready on its own port. */
  waitReady(service: ServiceName, timeoutMs: number): Promise<void>;
  /** Stops the database process (SIGTERM: it flushes its journal) and starts it again on the same data. */
  restartDatabase(): Promise<void>;
  stop(): Promise<void>;
}

/** docdb-local as a child process; resolves once it printed `ready <uri>`. */
async function startDatabaseProcess(port: number, dataDir: string, log: WriteStream): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'tools/docdb-local/src/cli.ts'),
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.pipe(log, { end: false });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`database exited with code ${code} before it was ready`)));
    lines.once('line', (line) => {
      if (line.startsWith('ready ')) resolve();
      else reject(new Error(`database said "${line}" instead of ready`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export async function startPlatform(opts: {
  workDir: string;
  ports?: PlatformPorts;
  readyTimeoutMs?: number;
  say: (line: string) => void;
}): Promise<Platform> {
  const ports = opts.ports ?? defaultPorts;
  mkdirSync(opts.workDir, { recursive: true });
  const log = createWriteStream(path.join(opts.workDir, 'platform.log'));
  const dbDir = path.join(opts.workDir, 'db');
  const statusFile = path.join(opts.workDir, 'runner-status.json');
  const mongoUri = `mongodb://127.0.0.1:${ports.db}/`;

  let database = await startDatabaseProcess(ports.db, dbDir, log);
  opts.say(`database on ${mongoUri} (data in ${dbDir})`);
  const bus = await startTcpProxy({ port: ports.bus, target: { host: '127.0.0.1', port: ports.db } });
  // directConnection: the server names itself by its own port; discovery would bypass the proxy.
  const busUri = `mongodb://127.0.0.1:${ports.bus}/?directConnection=true`;

  const runner = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'tools/local-runner/src/main.ts'),
      '--lb-port',
      String(ports.lb),
      '--port-offset',
      String(ports.portOffset),
      '--data-dir',
      path.join(opts.workDir, 'runner-data'),
      '--status-file',
      statusFile,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, MONGODB_URI: mongoUri, EVENT_BUS_MONGODB_URI: busUri, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  runner.stdout!.pipe(log, { end: false });
  runner.stderr!.pipe(log, { end: false });
  const runnerLines = createInterface({ input: runner.stdout! });
  const readyTimeoutMs = opts.readyTimeoutMs ?? 240_000;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the platform was not ready within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    runner.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `the local runner exited with code ${code} (see ${path.join(opts.workDir, 'platform.log')})`,
        ),
      );
    });
    runnerLines.on('line', (line) => {
      if (/ready in [\d.]+ s/.test(line)) {
        clearTimeout(timer);
        resolve();
      } else if (/started in .* but not ready/.test(line)) {
        clearTimeout(timer);
        reject(new Error(line));
      }
    });
  });
  try {
    await ready;
  } catch (err) {
    // Not ready: stop what was started, so no runner, service or database outlives the caller.
    runner.removeAllListeners('exit');
    await stopProcess(runner, 'SIGTERM', 15_000);
    await bus.close();
    await stopProcess(database, 'SIGTERM', 10_000);
    log.end();
    throw err;
  }
  runner.removeAllListeners('exit');

  const status = (): Record<string, ServiceStatus> =>
    existsSync(statusFile) ? JSON.parse(readFileSync(statusFile, 'utf8')).services : {};

  return {
    ports,
    apiUrl: `http://127.0.0.1:${ports.lb}`,
    mongoUri,
    bus,
    status,
    runnerPid: runner.pid,
    databasePid: () => database.pid,
    async waitReady(service, timeoutMs) {
      const port = status()[service]?.port;
      if (!port) throw new Error(`${service} is not in the runner's status file`);
      await pollUntil(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/health/ready`, {
            signal: AbortSignal.timeout(2_000),
          });
          await res.arrayBuffer();
          return res.ok;
        },
        { timeoutMs, intervalMs: 200, message: `${service} ready` },
      );
    },
    async restartDatabase() {
      await stopProcess(database, 'SIGTERM', 10_000);
      database = await startDatabaseProcess(ports.db, dbDir, log);
    },
    async stop() {
      await stopProcess(runner, 'SIGTERM', 15_000);
      await bus.close();
      await stopProcess(database, 'SIGTERM', 10_000);
      log.end();
    },
  };
}
