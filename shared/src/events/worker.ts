/** Small pieces both bus adapters' consumer loops are built from. */

/** A sleep that `wake()` cuts short: idle pollers back off, yet stop (or a new message) is seen at once. */
export class Waker {
  #timer: NodeJS.Timeout | undefined;
  #resolve: (() => void) | undefined;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#timer = setTimeout(() => this.wake(), ms);
    });
  }

  wake(): void {
    clearTimeout(this.#timer);
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }
}

/** Bounds how many handlers run at once, and lets stop() wait for them. */
export class Slots {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  free(): number {
    return this.#capacity - this.#inFlight.size;
  }

  /** Runs `work` in a slot. Callers log their own failures: a rejection here is only swallowed. */
  run(work: Promise<void>): void {
    const tracked = work.catch(() => {}).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Resolves when at least one slot is free. */
  async waitForFree(): Promise<void> {
    while (this.free() <= 0) await Promise.race(this.#inFlight);
  }

  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}

/**
 * Calls `extend` every `everyMs` until stopped, one call at a time: keeps a slow handler's message
 * invisible to other consumers. Failures are reported, not thrown (the handler keeps running).
 */
export function startHeartbeat(
  everyMs: number,
  extend: () => Promise<void>,
  onError: (err: unknown) => void,
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    timer = setTimeout(async () => {
      if (stopped) return;
      try {
        await extend();
      } catch (err) {
        onError(err);
      }
      if (!stopped) tick();
    }, everyMs);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
