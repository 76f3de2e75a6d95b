/**
 * The admin dashboard in a real browser over the running platform, on the shared browser harness
 * (test/browser/support/browser-platform.ts: user, product, order, payment and notification
 * services, the gateway and both web apps as `npm start` runs them, behind the local load
 * balancer's path rules; Debian's Chromium). An admin creates a product with an image and stock,
 * sees it in the portal, ships the order a buyer placed through the API, and sees the revenue on
 * the sales page (the KPI figure and the revenue chart's bar). The other back-office screens have
 * their own file (admin-screens.test.ts). Every page visited is
 * screenshotted (.ci/artifacts/screenshots/admin-*) and checked with axe-core (no serious or
 * critical violation); the strict CSP must refuse nothing. Port: 23220 (this workspace's range).
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import { registerCompanyAdmin, registerPlatformAdmin } from '@b2b/test-kit/accounts';
import { callApi } from '@b2b/test-kit/api';
import { formatMoney } from '@b2b/web-kit/ui/format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeConfirmedCardOrder, signInForm, visit, watchCsp } from './support/admin-pages.ts';
import { type BrowserPlatform, hasChromium, startBrowserPlatform } from './support/browser-platform.ts';

const services: ServiceName[] = [
  'user',
  'product',
  'order',
  'payment',
  'notification',
  'admin-dashboard',
  'customer-portal',
];

/** A valid 1×1 PNG: the product service checks images by content, not by name. */
const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let env: BrowserPlatform;
let origin: string;

beforeAll(async () => {
  if (!hasChromium) return;
  // No demo seeds: the journey's assertions (an empty catalogue, the revenue of one order) are exact.
  env = await startBrowserPlatform({ port: 23220, services, seed: false, readyTimeoutMs: 180_000 });
  origin = env.origin;
}, 300_000);

afterAll(async () => {
  await env?.stop();
});

const api = (method: string, route: string, opts: Parameters<typeof callApi>[3] = {}) =>
  callApi(origin, method, route, opts);

describe.runIf(hasChromium)('admin dashboard journey in Chromium', () => {
  it('creates a product with an image, sees it in the portal, ships an order, sees the revenue', async () => {
    const violations: string[] = [];
    const cspErrors: string[] = [];
    const admin = await registerPlatformAdmin(env.platform, origin, 'admin');
    const buyer = await registerCompanyAdmin(origin, 'buyer');
    const sku = `JRNY-${randomUUID().slice(0, 6).toUpperCase()}`;
    const productName = `Journey drill ${sku}`;

    // Phone width: every screen must work at 375 px.
    const page = await env.newPage();
    const adminContext = page.context();
    watchCsp(page, cspErrors);
    await page.goto(`${origin}/admin/`);
    await page.getByLabel('Email').waitFor();
    violations.push(...(await visit(page, '01-sign-in')));
    await signInForm(page, admin);
    await page.getByRole('heading', { name: 'Sales' }).waitFor();

    // New product: a bad price first, the API's field error shows next to the field.
    await page.getByRole('link', { name: 'Products' }).first().click();
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.getByText('Nothing found.').or(page.getByText('No products match.')).waitFor();
    violations.push(...(await visit(page, '02-products-empty')));
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByLabel('SKU').fill(sku);
    await page.getByLabel('Name', { exact: true }).fill(productName);
    await page.getByLabel('Amount (e.g. 12.50)').fill('12.505050');
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Add tier' }).click();
    await page.getByLabel('From quantity 1').fill('10');
    await page.getByLabel('Unit price 1').fill('99.50');
    await page.getByRole('button', { name: 'Create product' }).click();
    const amountField = page.getByLabel('Amount (e.g. 12.50)');
    await expect.poll(() => amountField.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    violations.push(...(await visit(page, '03-product-field-error')));
    await amountField.fill('120.00');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: productName }).waitFor();
    expect(page.url()).toMatch(/\/admin\/products\/[0-9a-f-]{24,36}$/);

    // Image upload: a file that is not an image is refused with the API's message, then a PNG.
    const fileInput = page.getByLabel('Image file (JPEG, PNG or WebP, at most 5 MB)');
    await fileInput.setInputFiles({
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not an image'),
    });
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /jpeg|png|webp|image/i })
      .waitFor();
    await fileInput.setInputFiles({ name: 'drill.png', mimeType: 'image/png', buffer: PNG_1PX });
    await page.getByAltText('Preview of the chosen file').waitFor();
    await page.getByLabel('Description for screen readers (alt text)').fill('The journey drill');
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.getByRole('img', { name: 'The journey drill' }).waitFor();
    violations.push(...(await visit(page, '04-product-with-image')));

    // Stock, so the order can be reserved: the inventory screen.
    await page.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('heading', { name: 'Inventory' }).waitFor();
    await page.getByLabel('SKU').fill(sku);
    await page.getByRole('button', { name: 'Show stock' }).click();
    await page.getByLabel('On hand', { exact: true }).fill('50');
    await page.getByRole('button', { name: 'Save stock' }).click();
    await page.getByText('Stock saved.').waitFor();
    violations.push(...(await visit(page, '05-inventory')));

    // The portal shows the new product (it is active and in stock).
    const portal = await env.newPage();
    const portalContext = portal.context();
    watchCsp(portal, cspErrors);
    await portal.goto(`${origin}/`);
    const signInField = portal.getByLabel('Email');
    const productLink = portal.getByText(productName).first();
    await signInField.or(productLink).first().waitFor();
    // The catalog is anonymous once the portal allows it; until then the buyer signs in.
    if (await signInField.isVisible()) await signInForm(portal, buyer);
    await productLink.waitFor({ timeout: 20_000 });
    violations.push(...(await visit(portal, '06-portal-catalog')));
    await portalContext.close();

    // The buyer orders through the API (card, the sandbox's succeeding token); it gets confirmed.
    const confirmed = await placeConfirmedCardOrder(origin, buyer, sku, 2);
    const orderNumber = confirmed.orderNumber as string;

    // Orders: the status filter is bound to the URL; the order is in the confirmed list, not the shipped one.
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByLabel('Status').selectOption('shipped');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No orders match.').waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('shipped');
    await page.getByLabel('Status').selectOption('confirmed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: orderNumber }).waitFor();
    violations.push(...(await visit(page, '07-orders-filtered')));
    await page.getByRole('link', { name: orderNumber }).click();
    await page.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
    await page.getByLabel('Carrier').fill('DHL');
    await page.getByLabel('Tracking number').fill('JD014600003828');
    violations.push(...(await visit(page, '08-order-detail')));
    await page.getByRole('button', { name: 'Ship order' }).click();
    await page.getByRole('button', { name: 'Mark delivered' }).waitFor();
    await page.getByText('Shipped with DHL, tracking JD014600003828').waitFor();
    const shipped = await api('GET', `/orders/${confirmed.id}`, { token: buyer.token });
    expect(shipped.body).toMatchObject({ status: 'shipped' });

    // Sales: the revenue of this fresh platform is this one order's total, formatted from its string.
    await page.getByRole('link', { name: 'Sales' }).click();
    const revenue = page.getByTestId('revenue');
    await revenue.waitFor();
    const expected = formatMoney(confirmed.total, 'en-US');
    await expect.poll(() => revenue.textContent(), { timeout: 15_000 }).toBe(expected);
    // The revenue chart: one bar has height (this order's day); its tooltip is the same exact figure.
    const chart = page.getByRole('img', { name: /^Revenue per day/ });
    const bars = chart.locator('.recharts-bar-rectangle path');
    await expect.poll(() => bars.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const heights: number[] = [];
    for (const bar of await bars.all()) heights.push((await bar.boundingBox())?.height ?? 0);
    expect(heights.filter((h) => h > 0)).toHaveLength(1);
    await bars.nth(heights.findIndex((h) => h > 0)).hover();
    const tooltip = chart.locator('.recharts-tooltip-wrapper');
    await expect.poll(() => tooltip.textContent(), { timeout: 10_000 }).toContain(expected);
    violations.push(...(await visit(page, '09-sales')));

    expect(violations).toEqual([]);
    expect(cspErrors).toEqual([]);
    await adminContext.close();
  }, 240_000);
});
