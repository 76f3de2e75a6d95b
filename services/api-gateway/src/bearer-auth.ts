/**
 * Token check at the edge: a request that carries a bearer token must carry a valid one, or it is
 * refused with 401 before anything is forwarded (bad, expired and revoked tokens never reach a
 * service); a token that cannot be verified right now is a 503. Requests without a token pass:
 * each service decides which routes are public. The check itself is the platform's one bearer
 * path, `authenticate` of `@b2b/shared/auth`; only its placement is the gateway's.
 *
 * Two steps, because the rate limiter sits between them: `identify` (onRequest) verifies the token
 * and records the caller or the refusal; the limiter then counts the request per user or, for a
 * refused token, per IP like any anonymous request; the preParsing hook (after every onRequest
 * hook) answers the refusal. Throwing in `identify` would answer before the limiter ran, so a
 * client sending bad tokens would never be limited.
 */
import { authenticate } from '@b2b/shared/auth';
import type { AppError } from '@b2b/shared/errors';
import type { FastifyRequest } from 'fastify';

/** What the gateway needs of `@b2b/shared/auth`'s verifier (`createPlatformAuth().verifier`). */
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
  return {
    async identify(request) {
      const outcome = await authenticate(verifier, request.headers.authorization);
      if (outcome === undefined) return;
      if ('user' in outcome) {
        callers.set(request, { userId: outcome.user.id });
        return;
      }
      if (outcome.failure.status >= 500) {
        request.log.warn({ err: outcome.failure.cause }, 'token verification unavailable');
      }
      refusals.set(request, outcome.failure);
    },
    refusalOf: (request) => refusals.get(request),
  };
}
