/**
 * Token check at the edge: a request that carries a bearer token must carry a valid one, or it is
 * refused with 401 before anything is forwarded (bad, expired and revoked tokens never reach a
 * service). Requests without a token pass: each service decides which routes are public.
 *
 * Two steps, because the rate limiter sits between them: `identify` (onRequest) verifies the token
 * and records the caller or the refusal; the limiter then counts the request per user or, for a
 * refused token, per IP like any anonymous request; the preParsing hook (after every onRequest
 * hook) answers the refusal. Throwing in `identify` would answer before the limiter ran, so a
 * client sending bad tokens would never be limited.
 */
import { AppError, errors, isAppError } from '@b2b/shared/errors';
import type { FastifyRequest } from 'fastify';

/** What the gateway needs of `@b2b/shared/auth`'s verifier. */
export interface TokenVerifier {
  verify(token: string): Promise<{ id: string }>;
}

export interface Caller {
  /** Token subject: the user id, the rate-limit key of authenticated traffic. */
  readonly userId: string;
}

// Beside the request rather than a decorator: a global `FastifyRequest` augmentation would clash
// with the services' own caller types in the one TypeScript program of the monorepo.
const callers = new WeakMap<FastifyRequest, Caller>();

/** The verified caller of a request, or undefined for an anonymous one. */
export function callerOf(request: FastifyRequest): Caller | undefined {
  return callers.get(request);
}

// RFC 6750 b64token, bounded so a huge header is not parsed at all.
const bearer = /^Bearer ([A-Za-z0-9\-._~+/]{1,8192}=*)$/i;

const refusals = new WeakMap<FastifyRequest, AppError>();

export interface BearerCheck {
  /** onRequest hook: verify a bearer token, remember the caller or why the token is refused. */
  identify(request: FastifyRequest): Promise<void>;
  /**
   * For the preParsing hook: the refusal `identify` recorded, answered before anything is
   * forwarded. Synchronous, so the hook needs no promise per request.
   */
  refusalOf(request: FastifyRequest): AppError | undefined;
}

export function bearerCheck(verifier: TokenVerifier): BearerCheck {
  async function verify(request: FastifyRequest, header: string): Promise<Caller> {
    const match = bearer.exec(header);
    if (!match)
      throw errors.unauthorized('The Authorization header must be "Bearer <token>"', 'INVALID_TOKEN');
    try {
      const user = await verifier.verify(match[1]!);
      return { userId: user.id };
    } catch (err) {
      if (isAppError(err) && err.status === 401) throw err;
      if (!isInfrastructureFailure(err)) throw errors.unauthorized('Invalid token', 'INVALID_TOKEN');
      // The keys could not be fetched: the token is not known to be bad, so say so honestly.
      request.log.warn({ err }, 'token verification unavailable');
      throw new AppError({
        status: 503,
        code: 'AUTH_UNAVAILABLE',
        detail: 'Token verification is temporarily unavailable',
        headers: { 'retry-after': '5' },
      });
    }
  }

  return {
    async identify(request) {
      const header = request.headers.authorization;
      if (header === undefined) return;
      try {
        callers.set(request, await verify(request, header));
      } catch (err) {
        refusals.set(request, isAppError(err) ? err : errors.unauthorized('Invalid token', 'INVALID_TOKEN'));
      }
    },
    refusalOf: (request) => refusals.get(request),
  };
}

/** Failures to reach the key set, as opposed to a token that is simply bad. */
function isInfrastructureFailure(err: unknown): boolean {
  if (isAppError(err)) return err.status >= 500;
  const code = (err as { code?: unknown }).code;
  if (code === 'ERR_JWKS_TIMEOUT') return true;
  // fetch() of the JWKS URL failing (connection refused, DNS, reset).
  return err instanceof TypeError || (typeof code === 'string' && /^(E[A-Z]+|UND_ERR_.*)$/.test(code));
}
