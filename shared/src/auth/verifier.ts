/**
 * Access-token verification against the user service's JWKS. Only asymmetric algorithms are
 * accepted (EdDSA, RS256): `alg: none` and HS256 "signed" with a public key are refused before any
 * key is looked at. Keys are cached; an unknown `kid` refetches the set (at most once per cooldown),
 * so a rotated-in key works without a restart.
 */
import {
  type CompactJWSHeaderParameters,
  createRemoteJWKSet,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
  createLocalJWKSet as localKeySet,
} from 'jose';
import { AppError } from '../errors.ts';
import { type AuthUser, type CompanyRole, companyRoles, type TokenIdentity } from './types.ts';

export const ACCEPTED_ALGORITHMS = ['EdDSA', 'RS256'];
/** Far above any real token; refuses absurd inputs before parsing them. */
const MAX_TOKEN_LENGTH = 8192;

export interface TokenVerifierOptions {
  /** The user service's `GET /auth/jwks`. Either this or `keys`. */
  jwksUrl?: string;
  /** A key getter, e.g. `createLocalJWKSet(jwks)` in tests. */
  keys?: JWTVerifyGetKey;
  issuer?: string;
  audience?: string;
  /** Checked after the signature; may be async (e.g. a database lookup in the user service). */
  isRevoked?: (token: TokenIdentity) => boolean | Promise<boolean>;
  /** Minimum time between two refetches caused by unknown `kid`s (default 30 s). */
  jwksCooldownMs?: number;
  /** How long a fetched key set is used before it is refreshed (default 5 min). */
  jwksMaxAgeMs?: number;
  /** Time allowed for one JWKS fetch (default 2 s). */
  jwksTimeoutMs?: number;
  /** After a failed fetch, how long to use the last known keys without asking again (default 5 s). */
  jwksRetryAfterFailureMs?: number;
  /** Verified tokens remembered (default 10 000; 0 turns the cache off). */
  cacheMaxEntries?: number;
  /** Tolerated clock skew between services, seconds (default 5). */
  clockToleranceSec?: number;
}

/**
 * A verified signature is remembered per token string for at most a minute (and never past its
 * exp), so the gateway and a service do not each pay the signature check on every request.
 */
const CACHE_TTL_MS = 60_000;

interface VerifiedToken {
  user: AuthUser;
  identity: TokenIdentity;
  validUntilMs: number;
}

export interface TokenVerifier {
  /** Resolves with the caller, or rejects with AppError 401 (or 503 when the keys cannot be fetched). */
  verify(token: string): Promise<AuthUser>;
}

function invalid(
  code: 'INVALID_TOKEN' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED',
  detail: string,
  cause?: unknown,
): AppError {
  return new AppError({ status: 401, code, detail, headers: { 'www-authenticate': 'Bearer' }, cause });
}

/** The key set could not be fetched: not the token's fault, so not a 401 (the client must not log out). */
class KeySourceUnavailable extends Error {}

function isKeySourceFailure(err: unknown): boolean {
  if (!(err instanceof joseErrors.JOSEError)) return true; // network errors from fetch
  return (
    err.code === 'ERR_JWKS_TIMEOUT' || err.code === 'ERR_JOSE_GENERIC' || err.code === 'ERR_JWKS_INVALID'
  );
}

interface RemoteKeyOptions {
  cooldownMs: number;
  maxAgeMs: number;
  timeoutMs: number;
  retryAfterFailureMs: number;
}

/**
 * A remote key set that survives a user service outage: after a failed fetch it stops asking for
 * `retryAfterFailureMs` and verifies with the last keys it fetched (or fails fast with 503 when it
 * never had any), so tokens keep working and requests do not each wait for a fetch timeout.
 */
function resilientRemoteKeys(url: string, options: RemoteKeyOptions): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(url), {
    cooldownDuration: options.cooldownMs,
    cacheMaxAge: options.maxAgeMs,
    timeoutDuration: options.timeoutMs,
  });
  let retryAt = 0;
  let lastKnown: { jwks: JSONWebKeySet; keys: JWTVerifyGetKey } | undefined;
  const fallback = (header: CompactJWSHeaderParameters, token: FlattenedJWSInput, cause?: unknown) => {
    const jwks = remote.jwks();
    if (!jwks) throw new KeySourceUnavailable('the JSON Web Key Set could not be fetched', { cause });
    if (lastKnown?.jwks !== jwks) lastKnown = { jwks, keys: localKeySet(jwks) };
    return lastKnown.keys(header, token);
  };
  return async (header, token) => {
    if (Date.now() < retryAt) return fallback(header, token);
    try {
      return await remote(header, token);
    } catch (err) {
      if (!isKeySourceFailure(err)) throw err;
      retryAt = Date.now() + options.retryAfterFailureMs;
      return fallback(header, token, err);
    }
  };
}

function toAuthUser(payload: JWTPayload): AuthUser {
  const claims = payload as JWTPayload & { companyId?: unknown; companyRole?: unknown; roles?: unknown };
  const companyRole = companyRoles.includes(claims.companyRole as CompanyRole)
    ? (claims.companyRole as CompanyRole)
    : null;
  return {
    id: String(payload.sub),
    companyId: typeof claims.companyId === 'string' && claims.companyId !== '' ? claims.companyId : null,
    companyRole,
    roles: Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [],
    jti: String(payload.jti),
    exp: Number(payload.exp),
  };
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys =
    options.keys ??
    (options.jwksUrl
      ? resilientRemoteKeys(options.jwksUrl, {
          cooldownMs: options.jwksCooldownMs ?? 30_000,
          maxAgeMs: options.jwksMaxAgeMs ?? 300_000,
          timeoutMs: options.jwksTimeoutMs ?? 2000,
          retryAfterFailureMs: options.jwksRetryAfterFailureMs ?? 5000,
        })
      : undefined);
  if (!keys) throw new Error('createTokenVerifier needs jwksUrl or keys');
  const keySource: JWTVerifyGetKey = keys;

  const cacheLimit = options.cacheMaxEntries ?? 10_000;
  const verified = new Map<string, VerifiedToken>();

  async function verifySignature(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySource, {
        algorithms: ACCEPTED_ALGORITHMS,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['sub', 'jti', 'exp'],
        clockTolerance: options.clockToleranceSec ?? 5,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw invalid('TOKEN_EXPIRED', 'The access token has expired', err);
      if (err instanceof KeySourceUnavailable) {
        throw new AppError({
          status: 503,
          code: 'AUTH_UNAVAILABLE',
          detail: 'Access tokens cannot be verified right now',
          headers: { 'retry-after': '5' },
          cause: err,
        });
      }
      throw invalid('INVALID_TOKEN', 'The access token is invalid', err);
    }
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') {
      throw invalid('INVALID_TOKEN', 'The access token is invalid');
    }
    const user = toAuthUser(payload);
    return {
      user,
      // A token without iat counts as issued at the epoch: any "revoke all before" marker covers it.
      identity: {
        jti: payload.jti,
        sub: payload.sub,
        iat: typeof payload.iat === 'number' ? payload.iat : 0,
      },
      validUntilMs: Math.min(user.exp * 1000, Date.now() + CACHE_TTL_MS),
    };
  }

  /**
   * A revocation check that cannot answer (its database is down) is our outage, not a bad token:
   * 503, so clients retry instead of throwing away a valid session on a 401.
   */
  function isRevoked(identity: TokenIdentity): boolean | Promise<boolean> {
    if (!options.isRevoked) return false;
    try {
      const answer = options.isRevoked(identity);
      // The in-memory revocation list answers at once: no promise on the hot path.
      return typeof answer === 'boolean' ? answer : answer.catch(revocationUnavailable);
    } catch (err) {
      return revocationUnavailable(err);
    }
  }

  function revocationUnavailable(err: unknown): never {
    if (err instanceof AppError) throw err;
    throw new AppError({
      status: 503,
      code: 'AUTH_UNAVAILABLE',
      detail: 'Access tokens cannot be verified right now',
      headers: { 'retry-after': '5' },
      cause: err,
    });
  }

  return {
    async verify(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        throw invalid('INVALID_TOKEN', 'The access token is malformed');
      }
      let entry = verified.get(token);
      if (entry && entry.validUntilMs <= Date.now()) {
        verified.delete(token);
        entry = undefined;
      }
      if (!entry) {
        entry = await verifySignature(token);
        if (cacheLimit > 0) {
          verified.set(token, entry);
          // Oldest first (Map keeps insertion order): a bounded cache, not an unbounded one.
          if (verified.size > cacheLimit) verified.delete(verified.keys().next().value as string);
        }
      }
      // Revocation is checked on every call, cached signature or not.
      const revoked = isRevoked(entry.identity);
      if (revoked === true || (revoked !== false && (await revoked))) {
        throw invalid('TOKEN_REVOKED', 'The access token has been revoked');
      }
      return { ...entry.user, roles: [...entry.user.roles] };
    },
  };
}
