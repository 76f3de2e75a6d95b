import { tracedFetch } from '../tracing/index.ts';
import { type Breaker, createBreaker } from './breaker.ts';
import type { ForwardHeaders } from './forward-headers.ts';
import { retry } from './retry.ts';
import { readBody, UpstreamError, upstreamError } from './upstream-error.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'DELETE' | 'POST' | 'PATCH';

export interface ServiceRequest {
  method: HttpMethod;
  /** Path on the service, e.g. `/internal/users/123`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  body?: unknown;
  forward?: ForwardHeaders;
  /** Makes a POST/PATCH safe to retry: the callee deduplicates on it. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export interface ServiceResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ServiceClientOptions {
  /** Downstream name: names the breaker and appears in errors and logs. */
  name: string;
  baseUrl: string;
  /** Per attempt. */
  timeoutMs: number;
  breaker?: { volumeThreshold?: number; errorThresholdPercentage?: number; resetTimeoutMs?: number };
  retry?: { retries?: number; baseMs?: number; maxMs?: number };
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

export interface ServiceClient {
  readonly name: string;
  readonly breaker: Breaker<[ServiceRequest], ServiceResponse<unknown>>;
  request<T>(req: ServiceRequest): Promise<ServiceResponse<T>>;
  get<T>(path: string, opts?: Omit<ServiceRequest, 'method' | 'path' | 'body'>): Promise<T>;
  post<T>(path: string, body: unknown, opts?: Omit<ServiceRequest, 'method' | 'path' | 'body'>): Promise<T>;
  put<T>(path: string, body: unknown, opts?: Omit<ServiceRequest, 'method' | 'path' | 'body'>): Promise<T>;
  patch<T>(path: string, body: unknown, opts?: Omit<ServiceRequest, 'method' | 'path' | 'body'>): Promise<T>;
  delete<T>(path: string, opts?: Omit<ServiceRequest, 'method' | 'path' | 'body'>): Promise<T>;
}

/**
 * HTTP client for service-to-service calls: JSON in and out, one breaker per downstream, retries
 * with jittered backoff for idempotent calls (outside the breaker), forwarded identity and trace.
 * Non-2xx answers become `UpstreamError`s: a 4xx keeps its status and problem body; a 5xx becomes
 * 502 (503 stays 503), a timeout 504, an unreachable service 503.
 */
export function createServiceClient(opts: ServiceClientOptions): ServiceClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const breaker = createBreaker(opts.name, (req: ServiceRequest) => send(opts, baseUrl, req), {
    // The fetch itself is aborted at timeoutMs; the breaker's own timer is only a backstop.
    timeoutMs: opts.timeoutMs + 1_000,
    volumeThreshold: opts.breaker?.volumeThreshold ?? 10,
    errorThresholdPercentage: opts.breaker?.errorThresholdPercentage ?? 50,
    resetTimeoutMs: opts.breaker?.resetTimeoutMs ?? 10_000,
  });
  const retryOpts = {
    retries: opts.retry?.retries ?? 2,
    baseMs: opts.retry?.baseMs ?? 50,
    maxMs: opts.retry?.maxMs ?? 1_000,
  };

  async function request<T>(req: ServiceRequest): Promise<ServiceResponse<T>> {
    assertSameOrigin(baseUrl, req.path, opts.name);
    const retryable = IDEMPOTENT_METHODS.has(req.method) || req.idempotencyKey !== undefined;
    const call = () => breaker.fire(req) as Promise<ServiceResponse<T>>;
    return retryable ? retry(call, retryOpts) : call();
  }
  type Rest = Omit<ServiceRequest, 'method' | 'path' | 'body'>;
  const bodyOf = async <T>(p: Promise<ServiceResponse<T>>) => (await p).body;
  return {
    name: opts.name,
    breaker,
    request,
    get: <T>(path: string, rest?: Rest) => bodyOf(request<T>({ ...rest, method: 'GET', path })),
    post: <T>(path: string, body: unknown, rest?: Rest) =>
      bodyOf(request<T>({ ...rest, method: 'POST', path, body })),
    put: <T>(path: string, body: unknown, rest?: Rest) =>
      bodyOf(request<T>({ ...rest, method: 'PUT', path, body })),
    patch: <T>(path: string, body: unknown, rest?: Rest) =>
      bodyOf(request<T>({ ...rest, method: 'PATCH', path, body })),
    delete: <T>(path: string, rest?: Rest) => bodyOf(request<T>({ ...rest, method: 'DELETE', path })),
  };
}

/**
 * The path is appended to a fixed origin: a path built from user input (`@evil.example/`, `//x`)
 * must not move the call to another host. Callers still encode path segments (encodeURIComponent).
 */
function assertSameOrigin(baseUrl: string, path: string, name: string): void {
  let sameOrigin = false;
  try {
    sameOrigin =
      path.startsWith('/') &&
      !path.startsWith('//') &&
      new URL(baseUrl + path).origin === new URL(baseUrl).origin;
  } catch {
    sameOrigin = false;
  }
  if (!sameOrigin) throw new Error(`refusing a call to ${name} with path ${JSON.stringify(path)}`);
}

async function send(
  opts: ServiceClientOptions,
  baseUrl: string,
  req: ServiceRequest,
): Promise<ServiceResponse<unknown>> {
  const url = new URL(baseUrl + req.path);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const headers = new Headers(req.headers);
  headers.set('accept', 'application/json, application/problem+json');
  for (const [key, value] of Object.entries(req.forward ?? {})) {
    if (value) headers.set(key, value);
  }
  if (req.idempotencyKey) headers.set('idempotency-key', req.idempotencyKey);
  if (req.body !== undefined) headers.set('content-type', 'application/json');

  let response: Response;
  try {
    response = await tracedFetch(url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      // Services never redirect each other: following one would carry the caller's token to
      // wherever a misconfigured or compromised upstream points (past assertSameOrigin). A 3xx
      // is answered as an upstream failure instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') {
      throw new UpstreamError(opts.name, undefined, undefined, {
        status: 504,
        code: 'UPSTREAM_TIMEOUT',
        detail: `${opts.name} did not answer within ${opts.timeoutMs} ms`,
        cause: err,
      });
    }
    throw new UpstreamError(opts.name, undefined, undefined, {
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      detail: `${opts.name} is unreachable`,
      headers: { 'retry-after': '1' },
      cause: err,
    });
  }
  const body = await readBody(response);
  if (response.ok) return { status: response.status, headers: response.headers, body };
  throw upstreamError(opts.name, response, body);
}
