import type { FastifyRequest } from 'fastify';
import { AppError, type AppErrorOptions } from '../errors.ts';
import { currentTraceHeader, TRACE_HEADER, tracedFetch } from '../tracing/index.ts';
import { type Breaker, createBreaker } from './breaker.ts';
import { retry } from './retry.ts';

/** Headers a service passes on when it calls another one on behalf of a request. */
export interface ForwardHeaders {
  'x-request-id'?: string;
  authorization?: string;
  'x-amzn-trace-id'?: string;
}

/** Extracts what to forward from the incoming request: request id, the caller's token, the trace. */
export function forwardedHeaders(request: FastifyRequest): ForwardHeaders {
  const forward: ForwardHeaders = {};
  const requestId = headerValue(request.headers['x-request-id']) ?? request.id;
  if (requestId) forward['x-request-id'] = requestId;
  const authorization = headerValue(request.headers.authorization);
  if (authorization) forward.authorization = authorization;
  // With tracing on the current segment is the right parent; otherwise pass the caller's on.
  const trace = currentTraceHeader() ?? headerValue(request.headers[TRACE_HEADER]);
  if (trace) forward[TRACE_HEADER] = trace;
  return forward;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

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

/** A non-2xx answer or a failed call; carries the upstream problem body when there was one. */
export class UpstreamError extends AppError {
  readonly upstream: string;
  readonly upstreamStatus: number | undefined;
  readonly upstreamBody: unknown;
  constructor(
    upstream: string,
    upstreamStatus: number | undefined,
    upstreamBody: unknown,
    opts: AppErrorOptions,
  ) {
    super(opts);
    this.name = 'UpstreamError';
    this.upstream = upstream;
    this.upstreamStatus = upstreamStatus;
    this.upstreamBody = upstreamBody;
  }
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

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function upstreamError(name: string, response: Response, body: unknown): UpstreamError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    code?: unknown;
    detail?: unknown;
    title?: unknown;
    errors?: unknown;
  };
  const status = response.status;
  if (status < 500) {
    // The caller's mistake, told by the service that owns the rule: pass it on unchanged.
    const retryAfter = response.headers.get('retry-after');
    return new UpstreamError(name, status, body, {
      status,
      code: typeof problem.code === 'string' ? problem.code : `UPSTREAM_${status}`,
      title: typeof problem.title === 'string' ? problem.title : undefined,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      errors: Array.isArray(problem.errors)
        ? (problem.errors as { path: string; message: string }[])
        : undefined,
      headers: retryAfter ? { 'retry-after': retryAfter } : undefined,
    });
  }
  if (status === 503) {
    return new UpstreamError(name, status, body, {
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      detail: `${name} is unavailable`,
      headers: { 'retry-after': response.headers.get('retry-after') ?? '1' },
    });
  }
  // Internals of the upstream's failure stay out of our answer; the body is kept for logs.
  return new UpstreamError(name, status, body, {
    status: status === 504 ? 504 : 502,
    code: status === 504 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR',
    detail: `${name} failed (${status})`,
  });
}
