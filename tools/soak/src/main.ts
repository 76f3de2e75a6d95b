/**
 * `npm run soak [-- --orders 300 --rate 5]`: the platform as `npm start` runs it (the
 * fault-injection tool's startPlatform, on the soak's own ports 43700-43799), seeded through the
 * API, then `--orders` checkouts at a steady `--rate` through the load balancer, with every
 * process's RSS sampled. At the end, once settled: no order lost or duplicated (API and order
 * events), the saga's stock/credit/event invariants, RSS growth after warm-up per process, and
 * the outbox, queues and dead letters drained. Markdown tables on stdout; exit 1 when a check
 * failed, 2 when the run itself could not be done. Stops by itself (`--max-minutes`) and stops
 * the platform on Ctrl+C or an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Api, createApi } from '@b2b/fault-injection/api';
import { checkInvariants } from '@b2b/fault-injection/invariants';
import { type Platform, type PlatformPorts, startPlatform } from '@b2b/fault-injection/platform';
import { seed } from '@b2b/fault-injection/seed';
import { isSettled, readBacklog, readSnapshot } from '@b2b/fault-injection/snapshot';
import { checkout, latencyStats, Recorder } from '@b2b/fault-injection/traffic';
import { pollUntil } from '@b2b/test-kit/poll';
import { MongoClient } from 'mongodb';
import { accountOrders } from './accounting.ts';
import { listCompanyOrders } from './api-orders.ts';
import { drainedCheck } from './drained.ts';
import { parseSoakOptions, UsageError, usage } from './options.ts';
import { runPaced } from './pacer.ts';
import { type CheckRow, formatReport, type ProcessRow } from './report.ts';
import { defaultRssPolicy, rssGrowth } from './rss.ts';
import { databaseProcess, startSampler } from './sampler.ts';
import { Session } from './session.ts';

/** The soak's own range: services 43700-43708, the rest above them. */
const ports: PlatformPorts = { lb: 43_720, db: 43_721, bus: 43_722, portOffset: 40_700 };
/** Saga deadline (60 s) + the stale-order sweep, as the fault-injection tool waits. */
const settleDeadlineMs = 150_000;
/** Kept back from --max-minutes for settling and the final reads. */
const finalChecksReserveMs = settleDeadlineMs + 90_000;
const skus = 3;
/** The traffic puts 1-3 units in a line; stock for all of them, so a cancellation is the saga's doing. */
const maxUnitsPerOrder = 3;
const unitPrice = '12.50';

const say = (line: string) => process.stdout.write(`[soak] ${line}\n`);

/**
 * The credential routes allow 10 calls a minute per client address (the gateway's limit): seeding
 * more than 4 buyers from one address meets it. The seed waits the minute out instead of failing.
 */
function patientWithCredentialLimits(api: Api): Api {
  return async (method, route, opts) => {
    for (let attempt = 0; ; attempt++) {
      const answer = await api(method, route, opts);
      if (answer.status !== 429 || attempt >= 20 || !route.startsWith('/auth/')) return answer;
      await sleep(5_000);
    }
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseSoakOptions(argv);
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const started = Date.now();
  const hardDeadline = started + options.maxMinutes * 60_000;
  const workDir = mkdtempSync(path.join(tmpdir(), 'b2b-soak-'));
  say(`work directory ${workDir}; at most ${options.maxMinutes} min`);
  let platform: Platform | undefined;
  let client: MongoClient | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => {
    cleaning ??= (async () => {
      await client?.close().catch(() => {});
      await platform?.stop();
      if (!options.keep) rmSync(workDir, { recursive: true, force: true });
    })();
    return cleaning;
  };
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => {
      say(`${signal}: stopping the platform`);
      void cleanUp().finally(() => process.exit(code));
    });
  // The bound holds whatever hangs: past it the platform is stopped and the run fails.
  const bound = setTimeout(() => {
    say(`VIOLATION the run did not finish within --max-minutes ${options.maxMinutes}`);
    void cleanUp().finally(() => process.exit(1));
  }, hardDeadline - Date.now());

  try {
    // A busy machine can take minutes to start ten Node processes; the run's own bound still holds.
    platform = await startPlatform({ workDir, ports, say, readyTimeoutMs: 420_000 });
    say(`platform ready after ${((Date.now() - started) / 1000).toFixed(0)} s on ${platform.apiUrl}`);
    client = new MongoClient(platform.mongoUri, { directConnection: true, serverSelectionTimeoutMS: 30_000 });
    const api = createApi(platform.apiUrl);
    const onHand = Math.ceil((options.orders * maxUnitsPerOrder) / skus) + 10;
    const seeded = await seed(
      patientWithCredentialLimits(api),
      { user: client.db('user'), order: client.db('order') },
      {
        buyers: options.concurrency,
        skus,
        onHand,
        creditLimit: `${Math.max(1_000_000, options.orders * 100)}.00`,
        unitPrice,
      },
    );
    const skuList = [...seeded.stock.keys()];
    say(
      `seeded company ${seeded.companyId}, ${seeded.buyers.length} buyers, ${onHand} units of ${skuList.join(', ')}`,
    );
    const buyers = seeded.buyers.map((b) => new Session(api, b.token, b.refreshToken));
    const admin = new Session(api, seeded.adminToken, seeded.adminRefreshToken);

    const rec = new Recorder();
    const progress = () => rec.acceptedIds.length / options.orders;
    const sampler = startSampler(platform, progress, options.sampleMs);
    const checkoutMs: number[] = [];
    let nextReport = 0.1;
    const ordersStarted = Date.now();
    const paced = runPaced({
      count: options.orders,
      ratePerSecond: options.rate,
      concurrency: options.concurrency,
      deadline: hardDeadline - finalChecksReserveMs,
      job: async (k, w) => {
        const t0 = performance.now();
        const token = await buyers[w]!.current();
        await checkout(api, { token }, skuList[k % skus]!, k % 2 === 0 ? 'invoice' : 'card', rec, 'soak');
        checkoutMs[k] = performance.now() - t0;
        if (progress() >= nextReport) {
          say(
            `${rec.acceptedIds.length} orders accepted (${rec.refused} refused) after ${((Date.now() - ordersStarted) / 1000).toFixed(0)} s`,
          );
          nextReport += 0.1;
        }
      },
    });
    await paced.done;
    const ordersSeconds = (Date.now() - ordersStarted) / 1000;
    sampler.stop();
    say(
      `checkouts stopped: ${paced.started()} started, ${rec.acceptedIds.length} accepted in ${ordersSeconds.toFixed(0)} s`,
    );

    const settled = await pollUntil(() => isSettled(client!, seeded.companyId), {
      timeoutMs: Math.min(settleDeadlineMs, Math.max(1_000, hardDeadline - Date.now() - 60_000)),
      intervalMs: 500,
    }).then(
      () => true,
      () => false,
    );
    say(settled ? 'settled' : `not settled within ${settleDeadlineMs / 1000} s; checking what is left`);
    const drained = drainedCheck(await readBacklog(client, seeded.companyId));
    const snapshot = await readSnapshot(client, {
      companyId: seeded.companyId,
      stock: seeded.stock,
      acceptedIds: rec.acceptedIds,
      currency: 'EUR',
    });
    const invariants = checkInvariants(snapshot);
    const apiOrders = await listCompanyOrders(api, () => admin.current(), seeded.companyId);
    const orderIds = new Set(apiOrders.map((o) => o.id));
    const endings = snapshot.events.outbox
      .filter((e) => e.service === 'order' && e.orderId && orderIds.has(e.orderId))
      .map((e) => ({ orderId: e.orderId!, type: e.type }));
    const accounting = accountOrders({ acceptedIds: rec.acceptedIds, apiOrders, endings });

    const processes: ProcessRow[] = [...sampler.samples].map(([name, samples]) => ({
      name,
      judged: name !== databaseProcess,
      growth: rssGrowth(samples, defaultRssPolicy),
    }));
    const checks: CheckRow[] = [
      {
        check: 'every checkout accepted',
        ok: rec.acceptedIds.length === options.orders && rec.refused === 0 && rec.cartRefused === 0,
        detail: `${rec.acceptedIds.length} of ${options.orders} accepted, ${rec.refused} refused, ${rec.cartRefused} refused at the cart, ${options.orders - paced.started()} not started (time bound)`,
      },
      {
        check: 'none lost',
        ok: accounting.lost === 0,
        detail: `${accounting.lost} lost; ${accounting.confirmed} confirmed, ${accounting.cancelled} cancelled, ${accounting.unacknowledged} without a 201`,
      },
      {
        check: 'none duplicated',
        ok: accounting.duplicated === 0,
        detail: `${accounting.duplicated} duplicated`,
      },
      {
        // Stock and credit cover every order, so a cancellation is the saga failing (e.g. timed_out:
        // the order waited past its 60 s deadline because the saga fell behind the rate).
        check: 'none cancelled (the saga kept up)',
        ok: accounting.cancelled === 0,
        detail:
          accounting.cancelled === 0
            ? 'stock and credit cover every order'
            : Object.entries(accounting.cancelledBecause)
                .map(([reason, n]) => `${n} ${reason}`)
                .join(', '),
      },
      {
        check: 'saga invariants (stock, credit, events)',
        ok: invariants.violations.length === 0,
        detail:
          `${invariants.violations.length} violated; events ${invariants.events.published} published, ` +
          `${invariants.events.handled} deliveries handled, ${invariants.events.lost} lost`,
      },
      {
        check: 'outbox, queues and dead letters drained',
        ok: drained.ok,
        detail: drained.ok ? 'nothing left' : drained.leftovers.join('; '),
      },
      ...processes
        .filter((p) => p.judged)
        .map((p) => ({
          check: `RSS ${p.name} < ${defaultRssPolicy.limitPct} % growth`,
          ok: p.growth.ok,
          detail: p.growth.problem ?? `${p.growth.growthPct!.toFixed(1)} %`,
        })),
    ];
    for (const problem of [...accounting.problems, ...invariants.violations].slice(0, 50))
      say(`  VIOLATION ${problem}`);
    const lag = latencyStats(paced.lagsMs);
    const tenth = Math.max(1, Math.floor(checkoutMs.length / 10));
    const early = latencyStats(checkoutMs.slice(0, tenth).filter((ms) => ms !== undefined));
    const late = latencyStats(checkoutMs.slice(-tenth).filter((ms) => ms !== undefined));
    // The saga's own time per order, early vs late in the run: a platform that slows as it fills shows here.
    const byPlacement = [...apiOrders].sort((a, b) => (a.placedAt ?? '').localeCompare(b.placedAt ?? ''));
    const sagaTimes = (orders: typeof apiOrders) =>
      latencyStats(orders.flatMap((o) => (o.settledMs === undefined ? [] : [o.settledMs])));
    const orderTenth = Math.max(1, Math.floor(byPlacement.length / 10));
    const sagaEarly = sagaTimes(byPlacement.slice(0, orderTenth));
    const sagaLate = sagaTimes(byPlacement.slice(-orderTenth));
    const fmt = (s: typeof lag) =>
      s ? `p50 ${s.p50.toFixed(0)} / p95 ${s.p95.toFixed(0)} / max ${s.max.toFixed(0)} ms` : '-';
    process.stdout.write(
      `\n${formatReport({
        checks,
        processes,
        policy: defaultRssPolicy,
        summary: [
          `${rec.acceptedIds.length} orders in ${ordersSeconds.toFixed(0)} s: ${(rec.acceptedIds.length / ordersSeconds).toFixed(2)}/s against --rate ${options.rate}/s, ${options.concurrency} buyers; start lag behind the schedule ${fmt(lag)}`,
          `checkout (cart line + POST /orders) first 10 %: ${fmt(early)}; last 10 %: ${fmt(late)}`,
          `saga, placed → confirmed/cancelled (order history) first 10 %: ${fmt(sagaEarly)}; last 10 %: ${fmt(sagaLate)}`,
          `${rec.unavailable.length} answers 503 during the run${rec.unavailable.length > 0 ? ` (${rec.summary503()})` : ''}; whole run ${((Date.now() - started) / 1000).toFixed(0)} s`,
        ],
      })}\n`,
    );
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    clearTimeout(bound);
    await cleanUp();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n${usage}\n`);
    else process.stderr.write(`soak: ${err.stack ?? err.message}\n`);
    process.exit(2);
  },
);
