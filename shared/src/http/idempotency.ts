/**
 * `Idempotency-Key` on the server (api.md): a route opts in with `config: { idempotency: true }`
 * (or `'required'`, which refuses a request without the header). The first request with a key
 * claims it by inserting a record (unique on key + caller) before the handler runs, so two
 * requests with one key never both execute; its response is stored and replayed for 24 hours.
 *
 *   await app.register(idempotencyPlugin, { collection: idempotencyCollection(db) });
 *   app.post('/orders', { config: { idempotency: 'required' }, schema }, handler);
 *
 * - same key, same request, first one finished → the stored status, headers and body, plus
 *   `idempotent-replayed: true`;
 * - same key, another method/route/params/query/body → 409 IDEMPOTENCY_KEY_REUSED;
 * - same key while the first is still running → 409 IDEMPOTENCY_REQUEST_IN_PROGRESS + retry-after;
 * - the handler failed with a 5xx (or threw) → the claim is released and a retry runs afresh;
 *   4xx answers are stored like successes (the same request would fail the same way, as Stripe does).
 *
 * Keys are scoped to the caller (the authenticated user id, else `anonymous:<ip>`), so two callers
 * can never see each other's responses. Register it after the auth plugin (it reads `request.auth`).
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '../db/errors.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Opt into Idempotency-Key handling; `'required'` also refuses requests without the header. */
    idempotency?: boolean | 'required';
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface IdempotencyRecord {
  key: string;
  caller: string;
  /** sha256 of method, route, params, query and canonical body. */
  requestHash: string;
  state: 'running' | 'completed';
  /** While running: after this instant the claim counts as abandoned (a crashed task). */
  leaseUntil: Date;
  response?: { status: number; headers: Record<string, string>; body: string };
  createdAt: Date;
  /** TTL index: the record disappears 24 h after the first request. */
  expiresAt: Date;
}

export interface IdempotencyPluginOptions {
  collection: Collection<IdempotencyRecord>;
  /** How long a stored response is replayed; default 24 h. */
  ttlSeconds?: number;
  /**
   * How long a running claim holds without an answer before a retry may take over (the task that
   * claimed it crashed). Keep it above the longest handler run: default 120 s, twice the server's
   * request timeout.
   */
  leaseSeconds?: number;
  /** `retry-after` of the in-progress 409; default 1 s. */
  retryAfterSeconds?: number;
  /** Who the key belongs to; default the authenticated user id, else `anonymous:<ip>`. */
  callerOf?: (request: FastifyRequest) => string;
  /** Response headers worth replaying besides the body; default content-type and location. */
  replayedHeaders?: readonly string[];
  now?: () => Date;
}

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';

export function idempotencyCollection(db: Db): Collection<IdempotencyRecord> {
  return db.collection<IdempotencyRecord>(IDEMPOTENCY_COLLECTION);
}

/** The unique claim and the 24 h expiry; call at start-up with the service's other indexes. */
export async function ensureIdempotencyIndexes(collection: Collection<IdempotencyRecord>): Promise<void> {
  await collection.createIndex({ key: 1, caller: 1 }, { unique: true, name: 'key_caller_unique' });
  await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiry_ttl' });
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  return JSON.stringify(value) ?? 'null';
}

function requestHashOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        request.method,
        request.routeOptions.url,
        request.params,
        request.query,
        request.body ?? null,
      ]),
    )
    .digest('hex');
}

function defaultCaller(request: FastifyRequest): string {
  const auth = (request as { auth?: { id?: unknown } | null }).auth;
  return typeof auth?.id === 'string' ? `user:${auth.id}` : `anonymous:${request.ip}`;
}

const keyProblem = (detail: string, code = 'INVALID_IDEMPOTENCY_KEY') =>
  new AppError({ status: 400, code, detail });

function keyOf(request: FastifyRequest, mode: boolean | 'required'): string | null {
  const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (raw === undefined) {
    if (mode === 'required')
      throw keyProblem('This request needs an Idempotency-Key header', 'IDEMPOTENCY_KEY_REQUIRED');
    return null;
  }
  if (Array.isArray(raw)) throw keyProblem('Send one Idempotency-Key header');
  if (raw.length === 0 || raw.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw keyProblem(`The Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  return raw;
}

interface Claim {
  key: string;
  caller: string;
  /** Set once the response is stored or the claim released, so the fallback does nothing. */
  settled: boolean;
}

const claims = new WeakMap<FastifyRequest, Claim>();
const replays = new WeakSet<FastifyRequest>();

const idempotencyPluginImpl: FastifyPluginAsync<IdempotencyPluginOptions> = async (app, opts) => {
  const { collection } = opts;
  const ttlMs = (opts.ttlSeconds ?? 24 * 60 * 60) * 1000;
  const leaseMs = (opts.leaseSeconds ?? 120) * 1000;
  const retryAfter = String(opts.retryAfterSeconds ?? 1);
  const callerOf = opts.callerOf ?? defaultCaller;
  const replayedHeaders = opts.replayedHeaders ?? ['content-type', 'location'];
  const now = opts.now ?? (() => new Date());

  async function release(claim: Claim): Promise<void> {
    claim.settled = true;
    await collection.deleteOne({ key: claim.key, caller: claim.caller, state: 'running' });
  }

  /** Inserts the claim; on a clash answers with what the existing record says. */
  async function claimOrAnswer(request: FastifyRequest, reply: FastifyReply, key: string): Promise<boolean> {
    const caller = callerOf(request);
    const requestHash = requestHashOf(request);
    // A few rounds: the record we clash with may expire or be released between insert and read.
    for (let attempt = 0; attempt < 3; attempt++) {
      const at = now();
      try {
        await collection.insertOne({
          key,
          caller,
          requestHash,
          state: 'running',
          leaseUntil: new Date(at.getTime() + leaseMs),
          createdAt: at,
          expiresAt: new Date(at.getTime() + ttlMs),
        });
        claims.set(request, { key, caller, settled: false });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const existing = await collection.findOne({ key, caller });
      if (!existing) continue;
      if (existing.expiresAt <= at) {
        // Past its 24 h but not yet swept by the TTL monitor: it no longer counts.
        await collection.deleteOne({ key, caller, expiresAt: existing.expiresAt });
        continue;
      }
      if (existing.requestHash !== requestHash) {
        throw new AppError({
          status: 409,
          code: 'IDEMPOTENCY_KEY_REUSED',
          detail: 'This Idempotency-Key was used for a different request; use a new key for a new request',
        });
      }
      if (existing.state === 'completed' && existing.response) {
        replays.add(request);
        const { status, headers, body } = existing.response;
        reply.code(status).headers(headers).header(IDEMPOTENT_REPLAYED_HEADER, 'true').send(body);
        return false;
      }
      if (existing.leaseUntil <= at) {
        // The first attempt's task died mid-request: take the claim over, only if still abandoned.
        const taken = await collection.updateOne(
          { key, caller, state: 'running', leaseUntil: existing.leaseUntil },
          { $set: { leaseUntil: new Date(at.getTime() + leaseMs) } },
        );
        if (taken.modifiedCount === 1) {
          claims.set(request, { key, caller, settled: false });
          return true;
        }
      }
      throw new AppError({
        status: 409,
        code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        detail: 'A request with this Idempotency-Key is still being processed; retry shortly',
        headers: { 'retry-after': retryAfter },
      });
    }
    throw new AppError({
      status: 409,
      code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      detail: 'A request with this Idempotency-Key keeps changing state; retry shortly',
      headers: { 'retry-after': retryAfter },
    });
  }

  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config.idempotency;
    if (!mode) return;
    const key = keyOf(request, mode);
    if (key === null) return;
    const proceed = await claimOrAnswer(request, reply, key);
    if (!proceed) return reply;
  });

  // Store before the answer leaves: a retry arriving right after the client got it must replay.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim || claim.settled || replays.has(request)) return payload;
    const status = reply.statusCode;
    const body =
      payload === undefined || payload === null
        ? ''
        : typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : null;
    if (body === null) request.log.warn('idempotent route answered with a stream: not stored, key released');
    if (status >= 500 || body === null) {
      await release(claim);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of replayedHeaders) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    claim.settled = true;
    await collection.updateOne(
      { key: claim.key, caller: claim.caller, state: 'running' },
      { $set: { state: 'completed', response: { status, headers, body } } },
    );
    return payload;
  });

  // Answered without passing onSend (a hijacked reply): free the key rather than block it. Not on
  // a client abort: the handler may still be running, and a retry must not run alongside it.
  app.addHook('onResponse', async (request) => {
    const claim = claims.get(request);
    if (claim && !claim.settled) await release(claim);
  });
};

export const idempotencyPlugin = fp(idempotencyPluginImpl, {
  name: '@b2b/shared/idempotency',
  fastify: '5.x',
});
