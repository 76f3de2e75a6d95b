/**
 * A local copy of the user service's revocation feed (`GET /internal/revocations?since=<cursor>`),
 * so every gateway task and service refuses a logged-out or disabled user's access tokens within
 * one polling interval, without a network call per request. Entries are kept until the revoked
 * tokens would have expired anyway. A failed poll keeps the current list and tries again.
 */
import type { TokenIdentity } from './types.ts';

/** One access token revoked (logout). Times are seconds since the epoch (JWT NumericDate). */
export interface TokenRevocation {
  jti: string;
  exp: number;
}

/** Every token of `sub` issued before `notBefore` is revoked (member removed, user disabled, password reset). */
export interface SubjectRevocation {
  sub: string;
  notBefore: number;
  exp: number;
}

export interface RevocationLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface RevocationListOptions {
  /** e.g. `${SERVICE_URL_USER}/internal/revocations` */
  url: string;
  intervalMs?: number;
  /** Per-poll timeout (default 5 s). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
  log?: RevocationLog;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

export interface RevocationList {
  isRevoked(token: TokenIdentity): boolean;
  /** Polls once now, then every interval. Resolves after the first poll (successful or not). */
  start(): Promise<void>;
  stop(): void;
  /** One poll; resolves true when the list was updated from the feed. */
  refresh(): Promise<boolean>;
  status(): { tokens: number; subjects: number; lastSuccessAt: number | null; consecutiveFailures: number };
}

/** Accepts NumericDate seconds, and ISO-8601 strings for robustness. */
function toSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value !== '') {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  }
  return undefined;
}

export function createRevocationList(options: RevocationListOptions): RevocationList {
  const intervalMs = options.intervalMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const tokens = new Map<string, number>(); // jti → exp
  const subjects = new Map<string, { notBefore: number; exp: number }>();
  let cursor: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: AbortController | undefined;
  let lastSuccessAt: number | null = null;
  let consecutiveFailures = 0;

  function add(item: unknown): boolean {
    if (typeof item !== 'object' || item === null) return false;
    const entry = item as Record<string, unknown>;
    const exp = toSeconds(entry['exp']);
    if (exp === undefined) return false;
    if (typeof entry['jti'] === 'string' && entry['jti'] !== '') {
      tokens.set(entry['jti'], Math.max(exp, tokens.get(entry['jti']) ?? 0));
      return true;
    }
    const notBefore = toSeconds(entry['notBefore']);
    if (typeof entry['sub'] === 'string' && entry['sub'] !== '' && notBefore !== undefined) {
      const previous = subjects.get(entry['sub']);
      subjects.set(entry['sub'], {
        notBefore: Math.max(notBefore, previous?.notBefore ?? 0),
        exp: Math.max(exp, previous?.exp ?? 0),
      });
      return true;
    }
    return false;
  }

  function purgeExpired(): void {
    const nowSec = now() / 1000;
    for (const [jti, exp] of tokens) if (exp < nowSec) tokens.delete(jti);
    for (const [sub, entry] of subjects) if (entry.exp < nowSec) subjects.delete(sub);
  }

  async function refresh(): Promise<boolean> {
    const url = new URL(options.url);
    if (cursor !== undefined) url.searchParams.set('since', cursor);
    const controller = new AbortController();
    inFlight = controller;
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await doFetch(url, {
        headers: { accept: 'application/json', ...options.headers },
        signal: controller.signal,
      });
      if (!res.ok) throw new Error(`revocation feed answered ${res.status}`);
      const body = (await res.json()) as { items?: unknown; cursor?: unknown };
      if (!Array.isArray(body.items) || typeof body.cursor !== 'string') {
        throw new Error('revocation feed answered an unexpected shape');
      }
      let skipped = 0;
      for (const item of body.items) if (!add(item)) skipped++;
      if (skipped > 0) options.log?.warn({ skipped }, 'revocation feed: skipped malformed items');
      cursor = body.cursor;
      purgeExpired();
      lastSuccessAt = now();
      if (consecutiveFailures > 0)
        options.log?.info({ after: consecutiveFailures }, 'revocation feed reachable again');
      consecutiveFailures = 0;
      return true;
    } catch (err) {
      consecutiveFailures++;
      // Log the first failure and then every 30th, not every two seconds of an outage.
      if (consecutiveFailures === 1 || consecutiveFailures % 30 === 0) {
        options.log?.warn(
          { err: err instanceof Error ? err.message : String(err), consecutiveFailures },
          'revocation feed poll failed; keeping the current list',
        );
      }
      return false;
    } finally {
      clearTimeout(timeout);
      if (inFlight === controller) inFlight = undefined;
    }
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(async () => {
      await refresh();
      schedule();
    }, intervalMs);
    // The poller must never be what keeps a finished process alive.
    timer.unref();
  }

  return {
    isRevoked({ jti, sub, iat }) {
      const nowSec = now() / 1000;
      const tokenExp = tokens.get(jti);
      if (tokenExp !== undefined && tokenExp >= nowSec) return true;
      const subject = subjects.get(sub);
      return subject !== undefined && subject.exp >= nowSec && iat < subject.notBefore;
    },
    async start() {
      if (running) return;
      running = true;
      await refresh();
      schedule();
    },
    stop() {
      running = false;
      clearTimeout(timer);
      inFlight?.abort();
    },
    refresh,
    status() {
      return { tokens: tokens.size, subjects: subjects.size, lastSuccessAt, consecutiveFailures };
    },
  };
}
