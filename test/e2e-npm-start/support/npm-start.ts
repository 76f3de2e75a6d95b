/**
 * `npm start` as a child process, the way a developer runs it: the runner's own entry
 * (tools/local-runner/src/main.ts) on a port block of the caller's range, a scratch data directory,
 * the demo seeds, and nothing else. Tests then talk to it through its load balancer only (HTTP).
 *
 *   const runner = await startNpmStart([{ portOffset: 20_400, lbPort: 23_420, dbPort: 23_421 }]);
 *   const res = await runner.api('GET', '/products?limit=1');
 *   const { code, survivors } = await runner.stop();   // SIGINT, as Ctrl+C sends it
 *
 * Every process the runner started (services, their esbuild helpers) is recorded from /proc while
 * it runs, so `stop()` can tell whether any outlived the runner.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServiceName, services } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit/poll';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export interface PortBlock {
  /** Added to every catalogue port (3000..3008): keep the services inside the caller's range. */
  readonly portOffset: number;
  readonly lbPort: number;
  readonly dbPort: number;
}

// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the assertions that read them
export type Json = any;

export interface ApiAnswer {
  status: number;
  body: Json;
  headers: Headers;
}

export interface ApiOptions {
  token?: string;
  body?: unknown;
  /** A raw body (sent as is, with `content-type` from headers). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  /**
   * The client address the load balancer reports for this caller. Every caller of a test sits on
   * 127.0.0.1, which the gateway trusts as a proxy hop (as it trusts the ALB), so the entry before
   * it counts as the client: each simulated person gets an address of its own, as separate offices
   * would, and the per-IP credential limit (10 a minute) applies to each, not to the whole suite.
   */
  clientIp?: string;
}

export interface RunningPlatform {
  /** `http://127.0.0.1:<lbPort>`: the load balancer, the only address the journeys use. */
  readonly origin: string;
  readonly ports: PortBlock;
  /** A service's own address (for the checks that must bypass the load balancer). */
  serviceUrl(name: ServiceName): string;
  /** The credential the runner generated for `/internal/*` calls (`<data dir>/service-credential`). */
  serviceCredential(): string;
  /** `${origin}/api/v1${path}` with a JSON body; the answer's body parsed when it is JSON. */
  api(method: string, apiPath: string, opts?: ApiOptions): Promise<ApiAnswer>;
  /** Access token of `email`, logged in through the API from `clientIp`. */
  login(email: string, password: string, clientIp?: string): Promise<string>;
  output(): string;
  /**
   * SIGINT to the runner: its exit code, how long it took, how many processes its tree held while
   * it ran, and those of them still alive.
   */
  stop(): Promise<{
    code: number | null;
    signal: string | null;
    ms: number;
    tree: number;
    survivors: number[];
  }>;
}

/** The demo accounts of the user service's seed (README "Local demo accounts"). */
export const demoAccounts = {
  platformAdmin: { email: 'admin@b2b.local', password: 'local-admin-passphrase' },
  acmeAdmin: { email: 'admin@acme.example', password: 'local-demo-passphrase' },
  acmeApprover: { email: 'approver@acme.example', password: 'local-demo-passphrase' },
  acmeBuyer: { email: 'buyer@acme.example', password: 'local-demo-passphrase' },
  globexAdmin: { email: 'admin@globex.example', password: 'local-demo-passphrase' },
} as const;

/** Parent pid of `pid` from /proc (undefined once it is gone). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie has exited; only its parent's wait is missing.
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every live descendant of `root` now. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The runner refused a port someone else holds (it says so and exits 1 before starting anything). */
class PortTakenError extends Error {}

/**
 * Starts `npm start` on the first of `blocks` whose ports are free. Test ports lie below Linux's
 * ephemeral range (32768-60999): inside it, any outgoing connection or port-0 server of a parallel
 * test may hold one of them (a CI run lost this suite that way: both of its blocks in 434xx were
 * taken). A suite still names a second block, for a developer's own process on the first.
 */
export interface NpmStartOptions {
  readyTimeoutMs?: number;
  /**
   * Settings added to the runner's environment, for the ones it passes on to the services
   * (service-env.ts: LOG_LEVEL, the gateway's RATE_LIMIT_*); they win over the defaults here.
   */
  env?: Readonly<Record<string, string>>;
  /**
   * Aborting it while the platform comes up stops the runner as Ctrl+C would (SIGINT, then
   * SIGKILL for what is left after 15 s) and rejects: a tool interrupted during start-up leaves
   * nothing running.
   */
  signal?: AbortSignal;
}

export async function startNpmStart(
  blocks: readonly PortBlock[],
  opts: NpmStartOptions = {},
): Promise<RunningPlatform> {
  for (const [i, block] of blocks.entries()) {
    try {
      return await startOn(block, opts);
    } catch (err) {
      if (!(err instanceof PortTakenError) || i === blocks.length - 1) throw err;
    }
  }
  throw new Error('no port block given');
}

async function startOn(ports: PortBlock, opts: NpmStartOptions): Promise<RunningPlatform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'npm-start-e2e-'));
  let output = '';
  // The command `npm start` runs (package.json "start"), without npm in between: the test signals
  // the runner itself, as a terminal's Ctrl+C reaches it.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tools/local-runner/src/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      LOG_LEVEL: 'warn',
      PORT_OFFSET: String(ports.portOffset),
      LB_PORT: String(ports.lbPort),
      DB_PORT: String(ports.dbPort),
      DATA_DIR: dataDir,
      DB_IN_MEMORY: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const tree = new Set<number>();
  const recordTree = () => {
    if (child.pid !== undefined && child.exitCode === null)
      for (const pid of descendantsOf(child.pid)) tree.add(pid);
  };
  const recorder = setInterval(recordTree, 1_000);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const origin = `http://127.0.0.1:${ports.lbPort}`;
  const api: RunningPlatform['api'] = async (method, apiPath, o = {}) => {
    const headers: Record<string, string> = {
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(o.clientIp ? { 'x-forwarded-for': o.clientIp } : {}),
      ...o.headers,
    };
    const res = await fetch(`${origin}/api/v1${apiPath}`, {
      method,
      headers,
      body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    let body: Json = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: res.status, body, headers: res.headers };
  };

  const killTree = () => {
    clearInterval(recorder);
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of tree) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Ready once the load balancer answers the aggregated health with 200 (every service up) and
    // the runner printed its summary (the seeds finished: the demo accounts and catalog exist).
    const state = await pollUntil(
      async () => {
        if (child.exitCode !== null) return 'exited';
        if (opts.signal?.aborted) return 'aborted';
        if (!output.includes('ready in')) return false;
        const res = await fetch(`${origin}/api/v1/health`, { signal: AbortSignal.timeout(3_000) });
        return res.status === 200 && 'ready';
      },
      { timeoutMs: opts.readyTimeoutMs ?? 240_000, intervalMs: 250, message: 'npm start ready' },
    );
    if (state === 'aborted') {
      recordTree();
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      throw new Error('npm start was aborted while it started');
    }
    if (state === 'exited') {
      if (/already in use/.test(output)) throw new PortTakenError(output);
      throw new Error(`npm start exited with ${child.exitCode}`);
    }
  } catch (err) {
    killTree();
    if (err instanceof PortTakenError) throw err;
    throw new Error(`${(err as Error).message}\n--- npm start output ---\n${output.slice(-4_000)}`);
  }
  recordTree();

  return {
    origin,
    ports,
    serviceUrl: (name) => `http://127.0.0.1:${services[name].port + ports.portOffset}`,
    serviceCredential: () => readFileSync(path.join(dataDir, 'service-credential'), 'utf8').trim(),
    api,
    async login(email, password, clientIp) {
      const res = await api('POST', '/auth/login', { body: { email, password }, clientIp });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    output: () => output,
    async stop() {
      recordTree();
      clearInterval(recorder);
      const started = Date.now();
      if (child.exitCode === null) child.kill('SIGINT');
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`npm start did not exit within 15 s:\n${output.slice(-4_000)}`)),
          15_000,
        ),
      );
      try {
        const { code, signal } = await Promise.race([exited, timeout]);
        const ms = Date.now() - started;
        // A service's own exit may trail the runner's by its last flush: give the tree a moment.
        const survivors = await pollUntil(() => ([...tree].some(isAlive) ? false : []), {
          timeoutMs: 5_000,
          message: 'every process of the runner gone',
        }).catch(() => [...tree].filter(isAlive));
        return { code, signal, ms, tree: tree.size, survivors };
      } finally {
        killTree();
        if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
