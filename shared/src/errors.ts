/**
 * Known domain errors. Created once with a stable `code` and an HTTP status; the central error
 * handler of `createService()` turns them into `application/problem+json` (RFC 9457).
 * Anything that is not an AppError is logged and answered as a bare 500.
 */
export interface AppErrorOptions {
  status: number;
  code: string;
  title?: string;
  detail?: string;
  /** Field-level problems, e.g. validation: `[{ path: '/email', message: 'must be an email' }]`. */
  errors?: { path: string; message: string }[];
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

const defaultTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: { path: string; message: string }[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(opts: AppErrorOptions) {
    super(
      opts.detail ?? opts.title ?? opts.code,
      opts.cause === undefined ? undefined : { cause: opts.cause },
    );
    this.name = 'AppError';
    this.status = opts.status;
    this.code = opts.code;
    this.title = opts.title ?? defaultTitles[opts.status] ?? 'Error';
    this.detail = opts.detail;
    this.errors = opts.errors;
    this.headers = opts.headers;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Shorthands for the errors every service raises. */
export const errors = {
  badRequest: (detail: string, code = 'BAD_REQUEST', errs?: { path: string; message: string }[]) =>
    new AppError({ status: 400, code, detail, errors: errs }),
  unauthorized: (detail = 'Authentication required', code = 'UNAUTHORIZED') =>
    new AppError({ status: 401, code, detail, headers: { 'www-authenticate': 'Bearer' } }),
  forbidden: (detail = 'You are not allowed to do this', code = 'FORBIDDEN') =>
    new AppError({ status: 403, code, detail }),
  notFound: (what = 'Resource', code = 'NOT_FOUND') =>
    new AppError({ status: 404, code, detail: `${what} not found` }),
  conflict: (detail: string, code = 'CONFLICT') => new AppError({ status: 409, code, detail }),
  tooManyRequests: (retryAfterSeconds: number, detail = 'Too many requests', code = 'RATE_LIMITED') =>
    new AppError({
      status: 429,
      code,
      detail,
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    }),
  unavailable: (detail: string, retryAfterSeconds = 5, code = 'SERVICE_UNAVAILABLE') =>
    new AppError({ status: 503, code, detail, headers: { 'retry-after': String(retryAfterSeconds) } }),
};

/** An error's name and message for a log line (at most 500 characters); never its stack. */
export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return message.slice(0, 500);
}
