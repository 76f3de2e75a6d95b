import { describe, expect, it } from 'vitest';
import { dueAt, runPaced } from '../src/pacer.ts';

describe('the steady-rate pacer', () => {
  it('never runs more than `concurrency` jobs at once, and does run that many when jobs are slow', async () => {
    let inFlight = 0;
    let most = 0;
    const ran: number[] = [];
    const run = runPaced({
      count: 12,
      ratePerSecond: 1_000,
      concurrency: 3,
      deadline: Date.now() + 60_000,
      job: async (k) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 20));
        ran.push(k);
        inFlight -= 1;
      },
    });
    await run.done;
    expect(most).toBe(3);
    expect(ran.sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(run.started()).toBe(12);
  });

  it('starts no job before it is due', async () => {
    const startedAt: number[] = [];
    const begin = Date.now();
    const run = runPaced({
      count: 5,
      ratePerSecond: 50,
      concurrency: 5,
      deadline: Date.now() + 60_000,
      job: async (k) => {
        startedAt[k] = Date.now();
      },
    });
    await run.done;
    // Job k is due 20 ms × k after the start (1 ms of timer slack allowed).
    for (let k = 0; k < 5; k++) expect(startedAt[k]!).toBeGreaterThanOrEqual(dueAt(begin, 50, k) - 1);
    expect(startedAt[4]! - begin).toBeGreaterThanOrEqual(79);
  });

  it('takes no job after its deadline or after stop(), and finishes the running ones', async () => {
    const none = runPaced({
      count: 5,
      ratePerSecond: 10,
      concurrency: 2,
      deadline: Date.now() - 1,
      job: async () => {},
    });
    await none.done;
    expect(none.started()).toBe(0);

    let finished = 0;
    const stopped = runPaced({
      count: 1_000,
      ratePerSecond: 1_000,
      concurrency: 2,
      deadline: Date.now() + 60_000,
      job: async () => {
        await new Promise((r) => setTimeout(r, 5));
        finished += 1;
        if (finished === 4) stopped.stop();
      },
    });
    await stopped.done;
    expect(stopped.started()).toBeLessThan(10);
    expect(finished).toBe(stopped.started());
  });
});
