/**
 * The public API as a caller sees it: through the local load balancer, with the time each answer
 * took. A transport failure (a killed gateway mid-request) is status 0, never an exception: the
 * traffic keeps flowing and counts it.
 */

// biome-ignore lint/suspicious/noExplicitAny: bodies are read by the code that asked for them
export type Json = any;

export interface ApiAnswer {
  readonly status: number;
  readonly body: Json;
  readonly ms: number;
  /** problem+json `code`, when the answer is a problem. */
  readonly code?: string;
}

export type Api = (
  method: string,
  path: string,
  opts?: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
) => Promise<ApiAnswer>;

export function createApi(baseUrl: string): Api {
  return async (method, path, opts = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...opts.headers,
        },
        ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      let body: Json;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const code = typeof body?.code === 'string' ? (body.code as string) : undefined;
      return { status: res.status, body, ms, ...(code ? { code } : {}) };
    } catch (err) {
      return { status: 0, body: { error: (err as Error).message }, ms: performance.now() - started };
    }
  };
}

/** Throws with what the platform answered unless `answer` has `status`. */
export function expectStatus(answer: ApiAnswer, status: number, what: string): Json {
  if (answer.status !== status)
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
