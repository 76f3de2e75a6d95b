/**
 * The one way tests wait: poll a condition with a deadline, never sleep on luck. On timeout the
 * error names what was awaited and the last value or error seen, so a failure explains itself.
 */

export interface PollOptions {
  /** Give up after this long (default 5 s). */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 25 ms). */
  readonly intervalMs?: number;
  /** What is being awaited, e.g. `user.registered event for ${email}`. */
  readonly message?: string;
}

/** A condition holds once it returns something other than undefined, null or false. */
type Held<T> = Exclude<T, undefined | null | false>;

export class PollTimeoutError extends Error {
  constructor(
    message: string,
    /** The last value the condition returned, or the error it threw last. */
    readonly last: unknown,
  ) {
    super(message);
    this.name = 'PollTimeoutError';
  }
}

/**
 * Calls `condition` until it returns a value other than undefined/null/false (a throw counts as
 * "not yet": assertions can be polled) and resolves with that value.
 */
export async function pollUntil<T>(
  condition: () => T | Promise<T>,
  options: PollOptions = {},
): Promise<Held<T>> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let last: { value: unknown } | { error: unknown } = { value: undefined };
  for (;;) {
    attempts += 1;
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) return value as Held<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const what = options.message ?? 'condition';
      const seen =
        'error' in last
          ? `last error: ${describeError(last.error)}`
          : `last value: ${describeValue(last.value)}`;
      throw new PollTimeoutError(
        `${what} not met within ${timeoutMs} ms (${attempts} attempts; ${seen})`,
        'error' in last ? last.error : last.value,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}
