/**
 * Runner options from flags and environment (flags win). Every port can be moved so two copies of
 * the platform, or the integration test, can run next to a developer's own `npm start`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ServiceName, services } from '@b2b/shared/catalogue';

export interface RunnerOptions {
  readonly repoRoot: string;
  /** Where local state lives (`.data/` of the repo by default). */
  readonly dataDir: string;
  readonly lbPort: number;
  readonly dbPort: number;
  /** Added to every catalogue port, so a second copy can run next to the first. */
  readonly portOffset: number;
  /** An external database instead of the embedded one. */
  readonly mongoUri: string | undefined;
  /**
   * Where the services reach the document-store bus, when not at the database's own address (the
   * fault-injection tool puts a TCP proxy it can cut in between). Same server, another route to it.
   */
  readonly eventBusUri: string | undefined;
  /** A JSON file kept up to date with every service's pid and state (for tools that signal them). */
  readonly statusFile: string | undefined;
  /** Skip the seed steps (demo data). */
  readonly skipSeed: boolean;
  /** Keep the embedded database in memory (a throw-away platform, e.g. for tests). */
  readonly inMemory: boolean;
}

export class OptionsError extends Error {}

export const defaults = { lbPort: 8080, dbPort: 27018, portOffset: 0 } as const;

export const usage = `Usage: npm start -- [options]

  --lb-port <n>      local load balancer port (env LB_PORT, default ${defaults.lbPort})
  --db-port <n>      embedded database port (env DB_PORT, default ${defaults.dbPort})
  --port-offset <n>  added to every service port of the catalogue (env PORT_OFFSET, default 0)
  --data-dir <dir>   local state directory (env DATA_DIR, default <repo>/.data)
  --no-seed          do not run the services' seed steps (env SKIP_SEED=1)
  --in-memory        keep the embedded database in memory, nothing on disk (env DB_IN_MEMORY=1)
  --status-file <f>  keep every service's pid, state and restarts in this JSON file (env RUNNER_STATUS_FILE)

Set MONGODB_URI to use an existing MongoDB/DocumentDB instead of the embedded database, and
EVENT_BUS_MONGODB_URI to reach the document-store bus at another address of that same server.
Set MONGODB_URI to use an existing MongoDB/DocumentDB instead of the embedded database.`;

function parsePort(raw: string, variable: string, allowZero = false): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > 65_535 || (!allowZero && value === 0)) {
    throw new OptionsError(`${variable} must be a port number between 1 and 65535, got "${raw}"`);
  }
  return value;
}

export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  repoRoot: string,
): RunnerOptions & { help: boolean } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof flagSpec; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: flagSpec, allowPositionals: false, strict: true });
  } catch (err) {
    throw new OptionsError(`${(err as Error).message}\n\n${usage}`);
  }
  const v = parsed.values;
  const lbPort = parsePort(v['lb-port'] ?? env.LB_PORT ?? String(defaults.lbPort), 'LB_PORT');
  const dbPort = parsePort(v['db-port'] ?? env.DB_PORT ?? String(defaults.dbPort), 'DB_PORT');
  const portOffset = parsePort(
    v['port-offset'] ?? env.PORT_OFFSET ?? String(defaults.portOffset),
    'PORT_OFFSET',
    true,
  );
  const highest = Math.max(...Object.values(services).map((s) => s.port)) + portOffset;
  if (highest > 65_535) throw new OptionsError(`PORT_OFFSET ${portOffset} pushes service ports past 65535`);
  const dataDir = path.resolve(repoRoot, v['data-dir'] ?? env.DATA_DIR ?? '.data');
  const mongoUri = env.MONGODB_URI?.trim() || undefined;
  const skipSeed = v['no-seed'] === true || isOn(env.SKIP_SEED);
  const inMemory = v['in-memory'] === true || isOn(env.DB_IN_MEMORY);
  const eventBusUri = env.EVENT_BUS_MONGODB_URI?.trim() || undefined;
  const statusFileArg = v['status-file'] ?? (env.RUNNER_STATUS_FILE?.trim() || undefined);
  const statusFile = statusFileArg === undefined ? undefined : path.resolve(repoRoot, statusFileArg);
  return {
    repoRoot,
    dataDir,
    lbPort,
    dbPort,
    portOffset,
    mongoUri,
    eventBusUri,
    statusFile,
    skipSeed,
    inMemory,
    help: v.help === true,
  };
}

function isOn(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

const flagSpec = {
  'lb-port': { type: 'string' },
  'db-port': { type: 'string' },
  'port-offset': { type: 'string' },
  'data-dir': { type: 'string' },
  'no-seed': { type: 'boolean' },
  'in-memory': { type: 'boolean' },
  'status-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function servicePort(name: ServiceName, portOffset: number): number {
  return services[name].port + portOffset;
}

export function serviceUrl(name: ServiceName, portOffset: number): string {
  return `http://127.0.0.1:${servicePort(name, portOffset)}`;
}
