/**
 * A typed client for another service's `/internal/*` routes, built from that service's own
 * TypeBox schemas (its `InternalApi`), over the breaker/retry service client, with the platform
 * credential attached to every call.
 *
 *   import { userInternalApi } from '@b2b/user/internal-api';
 *   const users = createInternalClient(userInternalApi, {
 *     name: 'user', baseUrl: config.serviceUrls.user, credential: config.SERVICE_CREDENTIAL, timeoutMs: 2_000,
 *   });
 *   const user = await users.call('getUser', { params: { id } }); // Static<typeof InternalUser>
 *
 * The answer is checked against the response schema at run time: a callee deployed with a
 * different contract fails loudly here (502) instead of handing the caller a wrong shape.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { ForwardHeaders } from '../resilience/forward-headers.ts';
import {
  createServiceClient,
  type HttpMethod,
  type ServiceClient,
  type ServiceClientOptions,
} from '../resilience/service-client.ts';
import { UpstreamError } from '../resilience/upstream-error.ts';
import { serviceCredentialHeaders } from './credential.ts';

/** One internal route as its owner declares it; `path` is the full path with `:name` parameters. */
export interface InternalRoute {
  readonly method: HttpMethod;
  readonly path: `/internal/${string}`;
  readonly params?: TSchema;
  readonly querystring?: TSchema;
  readonly body?: TSchema;
  /** The 2xx answer. */
  readonly response: TSchema;
}

/** A service's internal API: operation name → route. Exported by the owning service. */
export type InternalApi = Readonly<Record<string, InternalRoute>>;

type Part<S, K extends string> = S extends TSchema ? { [P in K]: Static<S> } : { [P in K]?: never };

/** What `call` takes for one route: exactly the parts the route declares. */
export type InternalCallInput<R extends InternalRoute> = Part<R['params'], 'params'> &
  Part<R['querystring'], 'query'> &
  Part<R['body'], 'body'> & {
    /** The end user's identity and trace, when the call is made on their behalf. */
    forward?: ForwardHeaders;
    idempotencyKey?: string;
  };

export interface InternalClientOptions extends ServiceClientOptions {
  /** The platform service credential (SERVICE_CREDENTIAL). */
  credential: string;
}

export interface InternalClient<A extends InternalApi> {
  /** The underlying client (its breaker shows in readiness and metrics). */
  readonly service: ServiceClient;
  call<K extends keyof A & string>(
    operation: K,
    input: InternalCallInput<A[K]>,
  ): Promise<Static<A[K]['response']>>;
}

/** `/internal/users/:id` + `{ id: 'a b' }` → `/internal/users/a%20b`. */
export function internalPath(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`internal call to ${template}: path parameter "${name}" is missing`);
    }
    return encodeURIComponent(String(value));
  });
}

export function createInternalClient<A extends InternalApi>(
  api: A,
  options: InternalClientOptions,
): InternalClient<A> {
  const { credential, ...clientOptions } = options;
  if (!credential) throw new Error(`internal client for ${options.name}: a service credential is required`);
  const service = createServiceClient(clientOptions);
  const checkers = new Map(Object.entries(api).map(([name, route]) => [name, Compile(route.response)]));

  async function call<K extends keyof A & string>(
    operation: K,
    input: InternalCallInput<A[K]>,
  ): Promise<Static<A[K]['response']>> {
    const route = api[operation];
    const checker = checkers.get(operation);
    if (!route || !checker) throw new Error(`${options.name} has no internal operation "${operation}"`);
    const { params, query, body, forward, idempotencyKey } = input as {
      params?: Record<string, unknown>;
      query?: Record<string, string | number | boolean | undefined>;
      body?: unknown;
      forward?: ForwardHeaders;
      idempotencyKey?: string;
    };
    let response: { body: unknown };
    try {
      response = await service.request({
        method: route.method,
        path: internalPath(route.path, params),
        query,
        body,
        forward,
        idempotencyKey,
        headers: serviceCredentialHeaders(credential),
      });
    } catch (err) {
      // A refused credential is the platform's misconfiguration, not the end caller's mistake:
      // passing the 401 on would tell a browser to log in again.
      if (err instanceof UpstreamError && err.upstreamStatus === 401) {
        throw new UpstreamError(options.name, 401, err.upstreamBody, {
          status: 502,
          code: 'UPSTREAM_REFUSED_SERVICE_CREDENTIAL',
          detail: `${options.name} refused this service's credential`,
          cause: err,
        });
      }
      throw err;
    }
    if (!checker.Check(response.body)) {
      const [first] = checker.Errors(response.body);
      throw new UpstreamError(options.name, 200, undefined, {
        status: 502,
        code: 'UPSTREAM_CONTRACT_VIOLATION',
        detail: `${options.name} answered ${operation} with an unexpected body`,
        cause: new Error(`${first?.instancePath ?? ''} ${first?.message ?? 'does not match the schema'}`),
      });
    }
    return response.body as Static<A[K]['response']>;
  }

  return { service, call };
}
