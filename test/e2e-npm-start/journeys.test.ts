/**
 * Issue 15 item 1: the journeys of the earlier issues against the platform `npm start` runs —
 * every service its own process, the embedded database, the document-store bus, the demo seeds —
 * reached through its load balancer only, the way a browser or an integrator reaches it. Then
 * Ctrl+C (SIGINT): the runner exits 0 and leaves no process behind.
 *
 * Ports: the services at 23400..23408 (catalogue ports + 20400), the load balancer at 23420 and
 * the database at 23421; when one is taken, 23460..23468, 23470 and 23471 (this suite's range).
 */
import { pollUntil } from '@b2b/test-kit/poll';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, hasChromium, phoneViewport } from '../browser/support/browser-platform.ts';
import { demo, record, signIn } from '../browser/support/portal-pages.ts';
import { demoAccounts, type Json, type RunningPlatform, startNpmStart } from './support/npm-start.ts';

let runner: RunningPlatform | undefined;
const tokens = { buyer: '', approver: '', admin: '' };
/** One address per person (see ApiOptions.clientIp). */
const ip = { buyer: '192.0.2.11', approver: '192.0.2.12', admin: '192.0.2.13' } as const;

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const shippingAddress = { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };
let sequence = 0;
const key = (what: string) => `${what}-${Date.now().toString(36)}-${++sequence}`;

function platform(): RunningPlatform {
  if (!runner) throw new Error('npm start did not come up');
  return runner;
}

function as(who: keyof typeof tokens) {
  return (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    platform().api(method, path, { token: tokens[who], body, clientIp: ip[who], headers });
}
const buyer = as('buyer');
const approver = as('approver');
const admin = as('admin');

function orderStatus(call: typeof buyer, orderId: string, status: string): Promise<Json> {
  return pollUntil(
    async () => {
      const res = await call('GET', `/orders/${orderId}`);
      // Thrown, so a timeout reports the status the order is stuck in.
      if (res.body?.status !== status) throw new Error(`${res.status} ${res.body?.status}`);
      return res.body;
    },
    { timeoutMs: 20_000, intervalMs: 100, message: `order ${orderId} ${status}` },
  );
}

/** A new active product with stock, as the platform admin creates it. */
async function newProduct(price: string, onHand: number): Promise<string> {
  const sku = `E2E-${Date.now().toString(36)}-${++sequence}`.toUpperCase();
  const created = await admin('POST', '/admin/products', {
    sku,
    name: `Journey part ${sku}`,
    listPrice: eur(price),
    status: 'active',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const stocked = await admin('PUT', `/admin/inventory/${sku}`, { onHand });
  expect(stocked.status, JSON.stringify(stocked.body)).toBe(200);
  return sku;
}

async function checkout(sku: string, quantity: number, payment: Record<string, string>): Promise<Json> {
  const added = await buyer('POST', '/cart/items', { sku, quantity });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const placed = await buyer(
    'POST',
    '/orders',
    { shippingAddress, ...payment },
    { 'idempotency-key': key('checkout') },
  );
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  return placed.body;
}

beforeAll(async () => {
  runner = await startNpmStart([
    { portOffset: 20_400, lbPort: 23_420, dbPort: 23_421 },
    { portOffset: 20_460, lbPort: 23_470, dbPort: 23_471 },
  ]);
  tokens.buyer = await runner.login(demoAccounts.acmeBuyer.email, demoAccounts.acmeBuyer.password, ip.buyer);
  tokens.approver = await runner.login(
    demoAccounts.acmeApprover.email,
    demoAccounts.acmeApprover.password,
    ip.approver,
  );
  tokens.admin = await runner.login(
    demoAccounts.platformAdmin.email,
    demoAccounts.platformAdmin.password,
    ip.admin,
  );
}, 300_000);

afterAll(async () => {
  // Only when a test failed before the shutdown test ran: never leave the platform running.
  if (runner) await runner.stop();
}, 30_000);

describe('npm start, through the load balancer', () => {
  it('buyer: search → cart → checkout → confirmed, at the prices the cart showed', async () => {
    const found = await buyer('GET', '/search?q=drill%20bit&inStock=true&limit=5');
    expect(found.status).toBe(200);
    expect(found.body.total).toBeGreaterThan(0);
    const hit = found.body.items[0];
    expect(hit.name.toLowerCase()).toContain('drill');
    const quantity = Math.max(hit.minOrderQuantity, hit.orderMultiple);

    const added = await buyer('POST', '/cart/items', { sku: hit.sku, quantity });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const cart = await buyer('GET', '/cart');
    expect(cart.body.items).toEqual([
      expect.objectContaining({ sku: hit.sku, quantity, unitPrice: hit.price }),
    ]);

    const placed = await buyer(
      'POST',
      '/orders',
      { shippingAddress, paymentMethod: 'invoice' },
      { 'idempotency-key': key('buyer') },
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    expect(placed.body.status).toBe('pending');
    expect(placed.body.total).toEqual(cart.body.total);
    const confirmed = await orderStatus(buyer, placed.body.id, 'confirmed');
    expect(confirmed.items).toEqual([
      expect.objectContaining({ sku: hit.sku, quantity, unitPrice: hit.price }),
    ]);
    // The cart was turned into the order.
    expect((await buyer('GET', '/cart')).body.items).toEqual([]);
  });

  it('approver: an order over the buyer’s 5,000 EUR limit waits, is approved, and is confirmed', async () => {
    const sku = await newProduct('3000.00', 10);
    const placed = await checkout(sku, 2, { paymentMethod: 'invoice' });
    expect(placed.status).toBe('awaiting_approval');
    // Positive control of the wait: nothing moves it until someone approves.
    expect((await buyer('GET', `/orders/${placed.id}`)).body.status).toBe('awaiting_approval');
    const queue = await approver('GET', '/orders?status=awaiting_approval&limit=100');
    expect(queue.body.items.map((o: Json) => o.id)).toContain(placed.id);
    // The buyer cannot approve their own order.
    expect((await buyer('POST', `/orders/${placed.id}/approve`, {})).status).toBe(403);

    const approved = await approver('POST', `/orders/${placed.id}/approve`, { reason: 'planned purchase' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const confirmed = await orderStatus(buyer, placed.id, 'confirmed');
    expect(confirmed.approvals).toEqual([expect.objectContaining({ decision: 'approved' })]);
    expect(confirmed.total).toEqual(placed.total);
  });

  it('quote: request → admin offers → accept → an order at the offered prices', async () => {
    const sku = await newProduct('120.00', 100);
    const requested = await buyer('POST', '/quotes', { items: [{ sku, quantity: 20 }], note: 'volume' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body.status).toBe('requested');
    const queue = await admin('GET', '/admin/quotes?status=requested&limit=100');
    expect(queue.body.items.map((q: Json) => q.id)).toContain(requested.body.id);

    const offered = await admin('POST', `/admin/quotes/${requested.body.id}/offer`, {
      items: [{ sku, quantity: 20, unitPrice: eur('99.50') }],
      validUntil: new Date(Date.now() + 3_600_000).toISOString(),
      message: 'Volume price',
    });
    expect(offered.status, JSON.stringify(offered.body)).toBe(200);
    expect(offered.body.status).toBe('offered');

    const accepted = await buyer('POST', `/quotes/${requested.body.id}/accept`, {
      shippingAddress,
      paymentMethod: 'invoice',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const order = await orderStatus(buyer, accepted.body.orderId, 'confirmed');
    // The offered price, not the list price of 120.00.
    expect(order.items).toEqual([
      expect.objectContaining({ sku, quantity: 20, unitPrice: eur('99.50'), lineTotal: eur('1990.00') }),
    ]);
    // A second accept is refused: one quote, one order.
    expect(
      (
        await buyer('POST', `/quotes/${requested.body.id}/accept`, {
          shippingAddress,
          paymentMethod: 'invoice',
        })
      ).status,
    ).toBe(409);
  });

  it('admin: create a product, ship, deliver and refund a card order', async () => {
    const sku = await newProduct('80.00', 4);
    expect((await buyer('GET', `/products/${sku}`)).body).toMatchObject({ sku, listPrice: eur('80.00') });
    const placed = await checkout(sku, 1, { paymentMethod: 'card', cardToken: 'tok_visa' });
    await orderStatus(buyer, placed.id, 'confirmed');

    const shipped = await admin('POST', `/admin/orders/${placed.id}/ship`, {
      carrier: 'DHL',
      trackingNumber: 'JD014600006543',
    });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body.status).toBe('shipped');
    const payment = await pollUntil(
      async () => {
        const [p] = (await buyer('GET', `/payments?orderId=${placed.id}`)).body.items ?? [];
        return p?.status === 'captured' && p;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: 'card payment captured on shipping' },
    );
    expect(payment.amount).toEqual(placed.total);

    const delivered = await admin('POST', `/admin/orders/${placed.id}/deliver`);
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    expect(delivered.body.status).toBe('delivered');

    const refundKey = key('refund');
    const refund = () =>
      admin(
        'POST',
        `/admin/payments/${payment.id}/refund`,
        { amount: eur('10.00'), reason: 'damaged in transit' },
        { 'idempotency-key': refundKey },
      );
    const refunded = await refund();
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'partially_refunded', refundedAmount: eur('10.00') });
    // The same key again is the same refund, not a second one.
    expect((await refund()).body.refundedAmount).toEqual(eur('10.00'));
    const seen = await buyer('GET', `/payments/${payment.id}`);
    expect(seen.body).toMatchObject({ status: 'partially_refunded', refundedAmount: eur('10.00') });
  });

  it.skipIf(!hasChromium)(
    'browser: the buyer signs in, searches, orders from the product page and sees it confirmed',
    async () => {
      expect((await buyer('DELETE', '/cart')).status).toBeLessThan(300);
      const browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await (await browser.newContext({ viewport: phoneViewport })).newPage();
        const origin = platform().origin;
        await signIn(page, origin, demo.buyer);
        await page.getByRole('link', { name: 'Search', exact: true }).click();
        const box = page.getByRole('combobox', { name: /Search products/ });
        await box.fill('safety glasses');
        // The suggestions list opens over the form; close it as a person would before searching.
        await page.getByRole('option').first().waitFor();
        await box.press('Escape');
        await expect.poll(() => page.getByRole('option').count()).toBe(0);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page
          .getByRole('status')
          .filter({ hasText: /results? for “safety glasses”/ })
          .waitFor();
        await record(page, 'npm-start-search');
        await page.locator('.product-card h3 a').first().click();
        await page.getByRole('button', { name: 'Add to cart' }).click();
        await page.getByRole('status').filter({ hasText: 'Added to your cart.' }).waitFor();
        await page.getByRole('link', { name: 'Cart', exact: true }).click();
        await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
        await page.getByRole('link', { name: 'Checkout' }).click();
        await page.getByLabel('Street and number').fill('Industriestraße 7');
        await page.getByLabel('Postal code').fill('70173');
        await page.getByLabel('City').fill('Stuttgart');
        await page.getByLabel('Country (2-letter code, e.g. DE)').fill('de');
        await page.getByLabel('Purchase order number (optional)').fill('PO-NPM-START');
        await page.getByRole('button', { name: 'Place order' }).click();
        await page.getByRole('heading', { level: 1, name: /^Order SO-/ }).waitFor();
        await page.getByRole('status').filter({ hasText: 'Confirmed' }).waitFor({ timeout: 20_000 });
        await record(page, 'npm-start-order-confirmed');
        // What the page showed is what the API holds.
        const orders = await buyer('GET', '/orders?limit=100');
        expect(orders.body.items).toContainEqual(
          expect.objectContaining({ poNumber: 'PO-NPM-START', status: 'confirmed' }),
        );
      } finally {
        await browser.close();
      }
    },
    90_000,
  );

  it('Ctrl+C: the runner stops every service and exits 0, leaving no process behind', async () => {
    const running = platform();
    runner = undefined;
    const { code, signal, ms, tree, survivors } = await running.stop();
    expect({ code, signal }, running.output().slice(-3_000)).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(10_000);
    // The check saw the services (nine, plus their helpers) while they ran, and none of them now.
    expect(tree).toBeGreaterThanOrEqual(9);
    expect(survivors).toEqual([]);
    expect(running.output()).toContain('stopped');
    // Nothing answers on the load balancer any more.
    await expect(fetch(`${running.origin}/api/v1/health`)).rejects.toThrow();
  }, 30_000);
});
