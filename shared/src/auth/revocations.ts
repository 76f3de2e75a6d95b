/**
 * Revoked access tokens as a fact feed (`@b2b/shared/feeds`): the user service owns the feed
 * `revocations`; the gateway and every service keep a copy and check it on every request, without
 * a network call. Entries are kept until the revoked tokens would have expired anyway.
 */
import { type Static, Type } from 'typebox';
import { AppError } from '../errors.ts';
import type { FeedSource } from '../feeds/page.ts';
import type { FeedLog, FeedReader } from '../feeds/reader.ts';
import { startFeedReader } from '../feeds/reader.ts';
import type { TokenIdentity } from './types.ts';

export const REVOCATIONS_FEED = 'revocations';

/** One access token revoked (logout). `exp`: seconds since the epoch (JWT NumericDate). */
export const TokenRevocation = Type.Object(
  { jti: Type.String({ minLength: 1 }), exp: Type.Integer() },
  { additionalProperties: false },
);
/** Every token of `sub` issued before `notBefore` is revoked (member removed, user disabled, ...). */
export const SubjectRevocation = Type.Object(
  { sub: Type.String({ minLength: 1 }), notBefore: Type.Integer(), exp: Type.Integer() },
  { additionalProperties: false },
);
export const RevocationEntry = Type.Union([TokenRevocation, SubjectRevocation]);
export type TokenRevocation = Static<typeof TokenRevocation>;
export type SubjectRevocation = Static<typeof SubjectRevocation>;
export type RevocationEntry = Static<typeof RevocationEntry>;

/** The feed key of an entry: one per token, one marker per user. */
export const revocationKey = {
  token: (jti: string) => `jti:${jti}`,
  subject: (sub: string) => `sub:${sub}`,
};

/** A user's markers only move forward: the later `notBefore` (and `exp`) wins. */
export function mergeRevocations(current: RevocationEntry, incoming: RevocationEntry): RevocationEntry {
  if ('notBefore' in current && 'notBefore' in incoming) {
    return {
      sub: incoming.sub,
      notBefore: Math.max(current.notBefore, incoming.notBefore),
      exp: Math.max(current.exp, incoming.exp),
    };
  }
  return incoming;
}

/**
 * What a verifier asks. It throws when it cannot answer (the copy never caught up, or is older
 * than allowed): the verifier then answers 503, never a 401 that would log a valid user out.
 */
export interface RevocationCheck {
  isRevoked(token: TokenIdentity): boolean;
}

export interface RevocationCheckOptions {
  /**
   * Refuse to answer when the last successful poll is older than this (ms). Unset: an owner outage
   * keeps the last copy in use (the gateway: revocations from before the outage still apply).
   */
  maxStalenessMs?: number;
  now?: () => number;
}

export function revocationCheck(
  reader: FeedReader<RevocationEntry>,
  options: RevocationCheckOptions = {},
): RevocationCheck {
  const now = options.now ?? Date.now;
  return {
    isRevoked({ jti, sub, iat }) {
      const { ready, lastSuccessAt } = reader.status();
      if (!ready) throw unavailable('the revocation list has not been loaded yet');
      if (options.maxStalenessMs !== undefined && now() - (lastSuccessAt ?? 0) > options.maxStalenessMs) {
        throw unavailable('the revocation list is out of date');
      }
      if (reader.get(revocationKey.token(jti))) return true;
      const marker = reader.get(revocationKey.subject(sub));
      return marker !== undefined && 'notBefore' in marker && iat < marker.notBefore;
    },
  };
}

function unavailable(detail: string): AppError {
  return new AppError({
    status: 503,
    code: 'AUTH_UNAVAILABLE',
    detail: 'Access tokens cannot be verified right now',
    headers: { 'retry-after': '5' },
    cause: new Error(detail),
  });
}

export interface RevocationReaderOptions {
  /** The user service's base URL (`SERVICE_URL_USER`). Either this or `source`. */
  url?: string;
  /** The owner's own collection feed (the user service itself). */
  source?: FeedSource;
  headers?: () => Record<string, string>;
  intervalMs?: number;
  log?: FeedLog;
  now?: () => number;
}

/** The revocation feed's reader: entries expire with the tokens they revoke. */
export function startRevocationReader(options: RevocationReaderOptions): FeedReader<RevocationEntry> {
  return startFeedReader({
    name: REVOCATIONS_FEED,
    entrySchema: RevocationEntry,
    merge: mergeRevocations,
    ...options,
  });
}

/** Writes a revocation into a local copy at once (the task that revoked it). */
export function putRevocation(reader: FeedReader<RevocationEntry>, entry: RevocationEntry): void {
  const key = 'jti' in entry ? revocationKey.token(entry.jti) : revocationKey.subject(entry.sub);
  reader.put(key, entry, entry.exp * 1000);
}
