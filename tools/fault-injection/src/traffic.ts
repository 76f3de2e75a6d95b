/**
 * The load a fault lands on: each buyer checks out in a loop (cart line → POST /orders with an
 * Idempotency-Key, invoice and card in turn), the platform admin ships confirmed orders now and
 * then (so invoices are issued and stock committed during faults), and a probe calls a route of
 * the faulted service through the gateway every 150 ms (the admin's per-user rate limit is 600 a minute). Every 503 is recorded with its time.
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

export class Recorder {
  readonly acceptedIds: string[] = [];
  readonly unavailable: Observed503[] = [];
  attempts = 0;
  refused = 0;

  see(where: string, answer: ApiAnswer): void {
    if (answer.status === 503) this.unavailable.push({ where, ms: answer.ms, code: answer.code });
  }

  /**
   * The slowest 503 that did not come from waiting out a timeout: a breaker already open, or a
   * connection refused — the answers a caller should get at once. Timeouts (UPSTREAM_TIMEOUT) are
   * what opens a breaker, and are slow by definition.
   */
  slowestFast503(): Observed503 | undefined {
    let slowest: Observed503 | undefined;
    for (const u of this.fast503s()) if (!slowest || u.ms > slowest.ms) slowest = u;
    return slowest;
  }

  fast503s(): Observed503[] {
    return this.unavailable.filter((u) => u.code !== 'UPSTREAM_TIMEOUT');
  }

  /** `where: n × 503, p50 / max ms` per caller, for the log line. */
  summary503(): string {
    const byWhere = new Map<string, number[]>();
    for (const u of this.fast503s()) byWhere.set(u.where, [...(byWhere.get(u.where) ?? []), u.ms]);
    return [...byWhere]
      .map(([where, ms]) => {
        const sorted = ms.sort((a, b) => a - b);
        const p50 = sorted[Math.floor(sorted.length / 2)]!;
        return `${where}: ${ms.length} × p50 ${p50.toFixed(0)} / max ${sorted.at(-1)!.toFixed(0)} ms`;
      })
      .join('; ');
  }
}

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

/** One checkout, retried with the same Idempotency-Key while the platform cannot answer. */
async function checkout(api: Api, buyer: Buyer, sku: string, method: 'invoice' | 'card', rec: Recorder) {
  const added = await api('POST', '/cart/items', {
    token: buyer.token,
    body: { sku, quantity: 1 + (sequence % 3) },
  });
  rec.see('cart', added);
  if (added.status !== 201) return;
  const key = `fault-${process.pid}-${Date.now().toString(36)}-${++sequence}`;
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
    loops.push(
      (async () => {
        while (running) {
          rec.see(
            `probe ${probe.path}`,
            await opts.api('GET', probe.path, { token: probe.token, timeoutMs: 10_000 }),
          );
          await sleep(150);
        }
      })(),
    );
  }
  return {
    recorder: rec,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
