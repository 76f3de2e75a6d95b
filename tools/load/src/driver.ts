/**
 * A small closed-loop driver on undici: `concurrency` simulated people, each sending its next
 * request when the last one answered, until the step's time is up. Each request is timed by
 * itself and recorded under its route, which autocannon cannot do for a mix whose requests depend
 * on the person (their token, their cart) and carry bodies built per request.
 *
 * Closed loop: when the platform slows down, people send less, so latency is measured as a user
 * would see it but the offered load falls (coordinated omission). The table shows both.
 */
import { Agent } from 'undici';
import type { Sample } from './stats.ts';

export interface LoadRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: bodies of the platform's own API, read by the caller
  readonly body: any;
}

export interface LoadClient {
  /** Sends `request`, records its time and status under `route`; never throws (no answer: status 0). */
  send(route: string, request: LoadRequest): Promise<Answer>;
  /** The samples recorded since the last `take()`. */
  take(): Sample[];
  /**
   * The first answer of each `route status` that was not 2xx (its problem code and detail, cut
   * short), so the table can say what the failures were. Kept across steps.
   */
  failureExamples(): ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/** A request without an answer after this long counts as an error (keeps every step bounded). */
export const requestTimeoutMs = 10_000;

export function createLoadClient(origin: string, connections: number): LoadClient {
  const url = new URL(origin);
  if (url.hostname !== '127.0.0.1') throw new Error(`the load driver targets 127.0.0.1 only, not ${origin}`);
  const dispatcher = new Agent({
    connections,
    pipelining: 1,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
  });
  let samples: Sample[] = [];
  const examples = new Map<string, string>();
  const keepExample = (route: string, status: number, body: unknown) => {
    const key = `${route} ${status}`;
    if (examples.has(key)) return;
    const problem = body as
      | { code?: unknown; detail?: unknown; error?: unknown; errors?: { message?: unknown }[] }
      | undefined;
    // The first field problem too (which line of a cart, why): the detail alone is generic.
    const firstError = Array.isArray(problem?.errors) ? problem.errors[0]?.message : undefined;
    const text =
      typeof problem === 'object' && problem !== null
        ? [problem.code, problem.detail, problem.error, firstError]
            .filter((v) => typeof v === 'string')
            .join(': ')
        : String(body);
    examples.set(key, text.slice(0, 200));
  };
  return {
    async send(route, request) {
      const started = performance.now();
      try {
        const res = await dispatcher.request({
          origin,
          method: request.method,
          path: request.path,
          headers: {
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...request.headers,
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        const text = await res.body.text();
        const ms = performance.now() - started;
        samples.push({ route, ms, status: res.statusCode });
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        if (res.statusCode < 200 || res.statusCode >= 300) keepExample(route, res.statusCode, body);
        return { status: res.statusCode, body };
      } catch (err) {
        samples.push({ route, ms: performance.now() - started, status: 0 });
        const body = { error: (err as Error).message };
        keepExample(route, 0, body);
        return { status: 0, body };
      }
    },
    take() {
      const taken = samples;
      samples = [];
      return taken;
    },
    failureExamples: () => examples,
    close: () => dispatcher.close(),
  };
}

/**
 * Runs `iteration(worker)` in `concurrency` loops until `durationMs` have passed (an iteration
 * under way finishes; each request is bounded by requestTimeoutMs), or `signal` aborts.
 * Resolves with the wall time the loops took.
 */
export async function runClosedLoop(opts: {
  readonly concurrency: number;
  readonly durationMs: number;
  readonly iteration: (worker: number) => Promise<void>;
  readonly signal?: AbortSignal;
}): Promise<{ elapsedMs: number }> {
  const started = performance.now();
  const end = started + opts.durationMs;
  const loop = async (worker: number) => {
    while (performance.now() < end && !opts.signal?.aborted) await opts.iteration(worker);
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, worker) => loop(worker)));
  return { elapsedMs: performance.now() - started };
}
