import { AppError, type AppErrorOptions } from '../errors.ts';

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

export async function readBody(response: Response): Promise<unknown> {
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

export function upstreamError(name: string, response: Response, body: unknown): UpstreamError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    code?: unknown;
    detail?: unknown;
    title?: unknown;
    errors?: unknown;
  };
  const status = response.status;
  if (status >= 400 && status < 500) {
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
  // Internals of the upstream's failure stay out of our answer; the body is kept for logs. A 3xx
  // (a redirect we do not follow) is an upstream failure too: its status means nothing to our caller.
  return new UpstreamError(name, status, body, {
    status: status === 504 ? 504 : 502,
    code: status === 504 ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR',
    detail: `${name} failed (${status})`,
  });
}
