/**
 * The load a fault lands on: each buyer checks out in a loop (cart line → POST /orders with an
 * Idempotency-Key, invoice and card in turn), the platform admin ships confirmed orders now and
 * then (so invoices are issued and stock committed during faults), and a probe calls a route of
 * the faulted service through the gateway every 200 ms (under the admin's per-user limit of 600
 * a minute), plus a reference call the gateway answers itself. Every 503 is recorded with its time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Api, ApiAnswer } from './api.ts';
import type { Buyer } from './seed.ts';

export const shippingAddress = { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

export interface Observed503 {
  readonly where: string;
  readonly ms: number;
  readonly code: string | undefined;
}

export interface LatencyStats {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** Nearest-rank percentiles; undefined for no samples. */
export function latencyStats(values: readonly number[]): LatencyStats | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { n: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted.at(-1)! };
}

const fmt = (s: LatencyStats) =>
  `${s.n} × p50 ${s.p50.toFixed(0)} / p95 ${s.p95.toFixed(0)} / max ${s.max.toFixed(0)} ms`;

export class Recorder {
  readonly acceptedIds: string[] = [];
  readonly unavailable: Observed503[] = [];
  /** The gateway's own answer (404 of an unknown route, no upstream): the machine's noise floor. */
  readonly reference: number[] = [];
  attempts = 0;
  refused = 0;
  /** Checkouts that never got to POST /orders: the cart refused their line (a 503 under load, say). */
  cartRefused = 0;

  see(where: string, answer: ApiAnswer): void {
    if (answer.status === 503) this.unavailable.push({ where, ms: answer.ms, code: answer.code });
  }

  /**
   * The 503s a caller should get at once: `UPSTREAM_UNAVAILABLE` is what an open breaker answers
   * (and a refused connection). `UPSTREAM_TIMEOUT` is the waiting that opens a breaker, slow by
   * definition; other codes (`AUTH_UNAVAILABLE` from a gateway still loading its keys) are not
   * breakers at all.
   */
  breaker503s(): Observed503[] {
    return this.unavailable.filter((u) => u.code === 'UPSTREAM_UNAVAILABLE');
  }

  breakerStats(): LatencyStats | undefined {
    return latencyStats(this.breaker503s().map((u) => u.ms));
  }

  referenceStats(): LatencyStats | undefined {
    return latencyStats(this.reference);
  }

  /** Per caller, the breaker 503s' times; then the other 503s by code, for the log line. */
  summary503(): string {
    const byWhere = new Map<string, number[]>();
    for (const u of this.breaker503s()) byWhere.set(u.where, [...(byWhere.get(u.where) ?? []), u.ms]);
    const parts = [...byWhere].map(([where, ms]) => `${where}: ${fmt(latencyStats(ms)!)}`);
    const others = new Map<string, number>();
    for (const u of this.unavailable)
      if (u.code !== 'UPSTREAM_UNAVAILABLE')
        others.set(u.code ?? 'no code', (others.get(u.code ?? 'no code') ?? 0) + 1);
    if (others.size > 0)
      parts.push(`other 503s: ${[...others].map(([code, n]) => `${n} ${code}`).join(', ')}`);
    const ref = this.referenceStats();
    if (ref) parts.push(`reference (gateway's own 404): ${fmt(ref)}`);
    return parts.join('; ');
  }
}

/**
 * Enough calls held together by a stall to open the gateway's breaker (5 failures), few enough
 * that a slow upstream on a busy machine is not buried under the probe's own backlog.
 */
const maxProbesInFlight = 8;
const probeEveryMs = 200;

export interface TrafficOptions {
  readonly api: Api;
  readonly buyers: readonly Buyer[];
  readonly adminToken: string;
  readonly companyId: string;
  readonly skus: readonly string[];
  /** Pause between one buyer's checkouts. */
  readonly thinkMs: number;
  readonly shipEveryMs: number;
}

export interface Traffic {
  readonly recorder: Recorder;
  /** Ends the loops (each finishes its current checkout) and resolves when they did. */
  stop(): Promise<void>;
}

let sequence = 0;

/**
 * One checkout, retried with the same Idempotency-Key while the platform cannot answer. Exported
 * for tools/soak, which paces the same checkout at a steady rate; `keyPrefix` names the tool in
 * the key (and the poNumber) so its orders are recognisable.
 */
export async function checkout(
  api: Api,
  buyer: Pick<Buyer, 'token'>,
  sku: string,
  method: 'invoice' | 'card',
  rec: Recorder,
  keyPrefix = 'fault',
): Promise<void> {
  const added = await api('POST', '/cart/items', {
    token: buyer.token,
    body: { sku, quantity: 1 + (sequence % 3) },
  });
  rec.see('cart', added);
  if (added.status !== 201) {
    rec.cartRefused += 1;
    return;
  }
  const key = `${keyPrefix}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;
  rec.attempts += 1;
  const body = {
    shippingAddress,
    paymentMethod: method,
    poNumber: key,
    ...(method === 'card' ? { cardToken: 'tok_visa' } : {}),
  };
  for (let attempt = 0; attempt < 6; attempt++) {
    const placed = await api('POST', '/orders', {
      token: buyer.token,
      headers: { 'idempotency-key': key },
      body,
    });
    rec.see('checkout', placed);
    if (placed.status === 201) {
      rec.acceptedIds.push(placed.body.id);
      return;
    }
    // 0 / 5xx: no answer; 409 IDEMPOTENCY_IN_PROGRESS: the first try is still running. Ask again.
    const retry = placed.status === 0 || placed.status >= 500 || placed.code === 'IDEMPOTENCY_IN_PROGRESS';
    if (!retry) break;
    await sleep(1_000);
  }
  rec.refused += 1;
  // A refused checkout leaves its line in the cart: start the next one from an empty cart.
  await api('DELETE', '/cart', { token: buyer.token });
}

export function startTraffic(
  opts: TrafficOptions,
  probe: { path: string; token: string } | undefined,
  referenceToken: string,
): Traffic {
  const rec = new Recorder();
  let running = true;
  const loops: Promise<void>[] = [];
  opts.buyers.forEach((buyer, i) => {
    loops.push(
      (async () => {
        let n = i;
        while (running) {
          const sku = opts.skus[n % opts.skus.length]!;
          await checkout(opts.api, buyer, sku, n % 2 === 0 ? 'invoice' : 'card', rec);
          n += 1;
          await sleep(opts.thinkMs);
        }
      })(),
    );
  });
  loops.push(
    (async () => {
      while (running) {
        await sleep(opts.shipEveryMs);
        const list = await opts.api(
          'GET',
          `/admin/orders?status=confirmed&companyId=${opts.companyId}&limit=1`,
          { token: opts.adminToken },
        );
        rec.see('admin', list);
        const id = list.body?.items?.[0]?.id;
        if (id) {
          const shipped = await opts.api('POST', `/admin/orders/${id}/ship`, {
            token: opts.adminToken,
            body: { carrier: 'DHL', trackingNumber: `T${Date.now()}` },
          });
          rec.see('ship', shipped);
        }
      }
    })(),
  );
  if (probe) {
    // Fired on a clock, not one after the other: a stalled upstream holds each call for the
    // gateway's whole timeout, and only calls held together can fail often enough to open its
    // breaker while the stall lasts (measured: 8 held calls were still under 50 % of a rolling
    // window full of earlier successes, so an 8 s stall did not open it; README, Measured).
    loops.push(
      (async () => {
        const inFlight = new Set<Promise<void>>();
        while (running) {
          if (inFlight.size < maxProbesInFlight) {
            const call = opts
              .api('GET', probe.path, { token: probe.token, timeoutMs: 10_000 })
              .then((answer) => {
                rec.see(`probe ${probe.path}`, answer);
                inFlight.delete(call);
              });
            inFlight.add(call);
          }
          await sleep(probeEveryMs);
        }
        await Promise.all(inFlight);
      })(),
    );
  }
  loops.push(
    (async () => {
      while (running) {
        const answer = await opts.api('GET', '/no-such-area', { token: referenceToken, timeoutMs: 10_000 });
        if (answer.status === 404) rec.reference.push(answer.ms);
        await sleep(1_000);
      }
    })(),
  );
  return {
    recorder: rec,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
