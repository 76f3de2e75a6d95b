/**
 * The dead-letters screen in a real browser over the running platform (the shared browser
 * harness; Debian's Chromium). The order service is not started: the test itself consumes the
 * order queue on the platform's docstore bus, first with a handler that keeps failing, so a real
 * dead letter appears after MAX_RECEIVES deliveries. An admin sees it with its reason, redrives it
 * after a confirmation, and sees the list empty; the now healthy handler gets it exactly once.
 * Screenshots: .ci/artifacts/screenshots/admin-dead-letters-*. Port: 23300 (this workspace's range).
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import {
  type Consumer,
  createDocStoreEventBus,
  createEvent,
  type DocStoreEventBus,
} from '@b2b/shared/events';
import { pollUntil } from '@b2b/test-kit';
import { registerPlatformAdmin } from '@b2b/test-kit/accounts';
import { type ApiCallOptions, callApi } from '@b2b/test-kit/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserPlatform,
  expectAccessible,
  hasChromium,
  screenshot,
  startBrowserPlatform,
} from './support/browser-platform.ts';

const services: ServiceName[] = ['user', 'notification', 'admin-dashboard'];

let env: BrowserPlatform;
let bus: DocStoreEventBus;
const consumers: Consumer[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  env = await startBrowserPlatform({ port: 23300, services, seed: false, readyTimeoutMs: 180_000 });
  bus = createDocStoreEventBus({ db: env.platform.db('eventbus'), minPollMs: 10, maxPollMs: 100 });
}, 300_000);

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await bus?.close();
  await env?.stop();
});

function api(method: string, path: string, opts: ApiCallOptions = {}) {
  return callApi(env.origin, method, path, opts);
}

describe.skipIf(!hasChromium)('admin: dead letters', () => {
  it('shows a dead letter with its reason, redrives it after a confirmation, and the list is empty', async () => {
    const admin = await registerPlatformAdmin(env.platform, env.origin);
    const event = createEvent(
      'inventory.rejected',
      { orderId: `o-${randomUUID()}`, reason: 'out_of_stock', skus: ['SKU-DL-1'] },
      { source: 'product' },
    );
    // The order consumer, broken: every delivery fails until the bus dead-letters the event.
    const broken = bus.consume(
      'order',
      {
        'inventory.rejected': async () => {
          throw new Error('saga store unavailable');
        },
      },
      { visibilityTimeoutMs: 150, concurrency: 1 },
    );
    consumers.push(broken);
    await bus.publish(event);
    await pollUntil(
      async () => {
        const res = await api('GET', '/admin/dead-letters/order', { token: admin.token });
        return res.body?.items?.some((l: { id: string }) => l.id === event.id);
      },
      { timeoutMs: 30_000, message: 'the event dead-lettered on the order queue' },
    );
    await broken.stop();

    const page = await env.newPage();
    await page.goto(`${env.origin}/admin/dead-letters`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dead letters', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'order: 1' }).click();
    const table = page.getByRole('table', { name: 'Dead letters of order' });
    const row = table.getByRole('row').filter({ hasText: event.id });
    await row.waitFor();
    expect(await row.textContent()).toContain('inventory.rejected');
    expect(await row.textContent()).toContain('Error: saga store unavailable');
    // Positive control on the counts: the consumers with no letters show zero.
    await page.getByRole('button', { name: 'notification: 0' }).waitFor();
    await screenshot(page, 'admin-dead-letters-listed');
    await expectAccessible(page);

    // The consumer is healthy again; it counts what it is handed.
    const handled: string[] = [];
    const healthy = bus.consume(
      'order',
      { 'inventory.rejected': async (e) => void handled.push(e.id) },
      { visibilityTimeoutMs: 5_000 },
    );
    consumers.push(healthy);

    await row.getByRole('button', { name: `Redrive inventory.rejected ${event.id}` }).click();
    // Nothing moves before the confirmation.
    await page.getByRole('button', { name: 'Yes, redrive' }).waitFor();
    expect((await api('GET', '/admin/dead-letters/order', { token: admin.token })).body.total).toBe(1);
    await screenshot(page, 'admin-dead-letters-confirm');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, redrive' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: '1 letter was moved back to the order queue.' })
      .waitFor();
    await page.getByText('No dead letters for order: every event was handled.').waitFor();
    await page.getByRole('button', { name: 'order: 0' }).waitFor();
    await screenshot(page, 'admin-dead-letters-empty');
    await expectAccessible(page);

    await pollUntil(() => handled.length === 1, { message: 'the redriven event handled' });
    expect(handled).toEqual([event.id]);
    // Once: its queue row is gone, nothing is left to hand out again.
    await pollUntil(
      async () =>
        (await env.platform
          .db('eventbus')
          .collection('order-queue')
          .countDocuments({ _id: event.id as never })) === 0,
      { message: 'the handled event deleted from the order queue' },
    );
    expect(handled).toEqual([event.id]);
  }, 120_000);
});
