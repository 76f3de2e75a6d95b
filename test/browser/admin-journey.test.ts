/**
 * The admin dashboard in a real browser over the running platform, on the shared browser harness
 * (test/browser/support/browser-platform.ts: user, product, order, payment and notification
 * services, the gateway and both web apps as `npm start` runs them, behind the local load
 * balancer's path rules; Debian's Chromium). An admin creates a product with an image and stock,
 * sees it in the portal, ships the order a buyer placed through the API, and sees the revenue on
 * the sales page; then every other back-office screen is used once. Every page visited is
 * screenshotted (.ci/artifacts/screenshots/admin-*) and checked with axe-core (no serious or
 * critical violation); the strict CSP must refuse nothing. Port: 42400 (this workspace's range).
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit';
import { formatMoney } from '@b2b/web-kit/ui/format';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserPlatform,
  hasChromium,
  screenshot,
  seriousViolations,
  startBrowserPlatform,
} from './support/browser-platform.ts';

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
  env = await startBrowserPlatform({ port: 42400, services, seed: false, readyTimeoutMs: 180_000 });
  origin = env.origin;
}, 300_000);

afterAll(async () => {
  await env?.stop();
});

async function api(
  method: string,
  route: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${origin}/api/v1${route}`, {
    method,
    headers: {
      ...opts.headers,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function register(kind: string) {
  const tag = randomUUID().slice(0, 8);
  const person = {
    email: `${kind}.${tag}@example.com`,
    password: `a sturdy passphrase ${tag}`,
    name: `${kind} ${tag}`,
    companyName: `${kind} firm ${tag}`,
  };
  const res = await api('POST', '/auth/register', { body: person });
  expect(res.status).toBe(201);
  return { ...person, token: res.body.accessToken as string };
}

/** Screenshot (kept as a CI artifact) and axe: the serious and critical violations of the page. */
async function visit(page: Page, name: string): Promise<string[]> {
  await screenshot(page, `admin-${name}`);
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

function watchCsp(page: Page, into: string[]) {
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) into.push(`${page.url()}: ${msg.text()}`);
  });
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A registered user promoted to platform admin by an operator (the user database), signed in. */
async function adminPage(cspErrors: string[]) {
  const admin = await register('admin');
  await env.platform
    .db('user')
    .collection('users')
    .updateOne({ email: admin.email }, { $set: { roles: ['admin'] } });
  const page = await env.newPage();
  const context = page.context();
  watchCsp(page, cspErrors);
  await page.goto(`${origin}/admin/`);
  await signIn(page, admin.email, admin.password);
  const login = await api('POST', '/auth/login', { body: { email: admin.email, password: admin.password } });
  return { page, context, token: login.body.accessToken as string };
}

describe.runIf(hasChromium)('admin dashboard journey in Chromium', () => {
  it('creates a product with an image, sees it in the portal, ships an order, sees the revenue', async () => {
    const violations: string[] = [];
    const cspErrors: string[] = [];
    const admin = await register('admin');
    await env.platform
      .db('user')
      .collection('users')
      .updateOne({ email: admin.email }, { $set: { roles: ['admin'] } });
    const buyer = await register('buyer');
    const sku = `JRNY-${randomUUID().slice(0, 6).toUpperCase()}`;
    const productName = `Journey drill ${sku}`;

    // Phone width: every screen must work at 375 px.
    const page = await env.newPage();
    const adminContext = page.context();
    watchCsp(page, cspErrors);
    await page.goto(`${origin}/admin/`);
    await page.getByLabel('Email').waitFor();
    violations.push(...(await visit(page, '01-sign-in')));
    await signIn(page, admin.email, admin.password);
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
    if (await signInField.isVisible()) await signIn(portal, buyer.email, buyer.password);
    await productLink.waitFor({ timeout: 20_000 });
    violations.push(...(await visit(portal, '06-portal-catalog')));
    await portalContext.close();

    // The buyer orders through the API (card, the sandbox's succeeding token); it gets confirmed.
    expect(
      (await api('POST', '/cart/items', { token: buyer.token, body: { sku, quantity: 2 } })).status,
    ).toBe(201);
    const placed = await api('POST', '/orders', {
      token: buyer.token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        shippingAddress: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        paymentMethod: 'card',
        cardToken: 'tok_visa',
      },
    });
    expect(placed.status).toBe(201);
    const orderNumber = placed.body.orderNumber as string;
    const confirmed = await pollUntil(
      async () => {
        const res = await api('GET', `/orders/${placed.body.id}`, { token: buyer.token });
        return res.body?.status === 'confirmed' ? res.body : undefined;
      },
      { timeoutMs: 30_000, message: `order ${orderNumber} confirmed` },
    );

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
    const shipped = await api('GET', `/orders/${placed.body.id}`, { token: buyer.token });
    expect(shipped.body).toMatchObject({ status: 'shipped' });

    // Sales: the revenue of this fresh platform is this one order's total, formatted from its string.
    await page.getByRole('link', { name: 'Sales' }).click();
    const revenue = page.getByTestId('revenue');
    await revenue.waitFor();
    const expected = formatMoney(confirmed.total, 'en-US');
    await expect.poll(() => revenue.textContent(), { timeout: 15_000 }).toBe(expected);
    violations.push(...(await visit(page, '09-sales')));

    expect(violations).toEqual([]);
    expect(cspErrors).toEqual([]);
    await adminContext.close();
  }, 240_000);

  it('runs the back-office screens: import, categories, price lists, companies, users, templates, logs', async () => {
    const violations: string[] = [];
    const cspErrors: string[] = [];
    const buyer = await register('member');
    const { page, context, token } = await adminPage(cspErrors);
    const go = async (label: string, heading: string) => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    };

    // CSV import: two good rows and a bad one; the bad one is reported with its file row.
    await go('Products', 'Products');
    await page.getByRole('link', { name: 'Import CSV' }).click();
    const tag = randomUUID().slice(0, 6).toUpperCase();
    const csv = `sku,name,listPrice,currency\nIMP-${tag}-1,Imported one,5.00,EUR\nIMP-${tag}-2,"Imported, two",6.50,EUR\nIMP-${tag}-3,Bad price,-1,EUR\n`;
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText('3 of 3 rows: finished').waitFor();
    await page.getByText('2 created, 0 updated, 1 rows refused.').waitFor();
    const refused = page.getByRole('region', { name: 'Refused rows' }).getByRole('row');
    await expect.poll(() => refused.count()).toBe(2);
    expect(await refused.nth(1).textContent()).toContain(`3IMP-${tag}-3`);
    violations.push(...(await visit(page, '10-import-report')));

    // Categories: a tree, a rename-and-move, and a delete refused while a child remains.
    await go('Categories', 'Categories');
    await page.getByText('No categories yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Tools ${tag}`);
    await page.getByRole('button', { name: 'Add category' }).click();
    const tree = page.getByRole('list', { name: 'Category tree' });
    await tree.getByText(`Tools ${tag}`, { exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Drills ${tag}`);
    await page.getByLabel('Parent', { exact: true }).selectOption({ label: `Tools ${tag}` });
    await page.getByRole('button', { name: 'Add category' }).click();
    await tree
      .getByRole('listitem')
      .filter({ hasText: `Tools ${tag}` })
      .getByText(`Drills ${tag}`)
      .waitFor();
    await page.getByRole('button', { name: `Delete Tools ${tag}` }).click();
    await page.getByRole('alert').waitFor();
    await expect.poll(() => tree.getByText(`Tools ${tag}`, { exact: true }).count()).toBe(1);
    violations.push(...(await visit(page, '11-categories-delete-refused')));
    await page.getByRole('button', { name: `Rename or move Drills ${tag}` }).click();
    const editForm = page.getByRole('form', { name: `Rename or move Drills ${tag}` });
    await editForm.getByLabel('Name', { exact: true }).fill(`Power drills ${tag}`);
    await editForm.getByLabel('Parent', { exact: true }).selectOption('');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: `Delete Power drills ${tag}` }).waitFor();
    await page.getByRole('button', { name: `Delete Power drills ${tag}` }).click();
    await expect.poll(() => tree.getByText(`Power drills ${tag}`).count()).toBe(0);
    await page.getByRole('button', { name: `Delete Tools ${tag}` }).click();
    await page.getByText('No categories yet.').waitFor();

    // Price list with an entry and tiers, assigned to the buyer's company.
    await go('Price lists', 'Price lists');
    await page.getByLabel('Name', { exact: true }).fill(`Key accounts ${tag}`);
    await page.getByRole('button', { name: 'Create price list' }).click();
    await page.getByRole('heading', { name: `Key accounts ${tag}` }).waitFor();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByLabel('SKU 1', { exact: true }).fill(`IMP-${tag}-1`);
    await page.getByLabel('Price 1', { exact: true }).fill('4.50');
    await page.getByLabel('Tiers (quantity:price; …) 1', { exact: true }).fill('10:4.00; 100:3.50');
    await page.getByRole('button', { name: 'Save price list' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByLabel('Company', { exact: true }).selectOption({ label: buyer.companyName });
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText(`Assigned to ${buyer.companyName}.`).waitFor();
    await page.getByRole('link', { name: buyer.companyName }).waitFor();
    violations.push(...(await visit(page, '12-price-list')));

    // Companies: the list filter, then terms and credit; a bad credit amount is a field error.
    await go('Companies', 'Companies');
    await page.getByLabel('Name', { exact: true }).fill(buyer.companyName);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: buyer.companyName }).click();
    await page.getByRole('heading', { name: buyer.companyName }).waitFor();
    await page.getByLabel('Payment terms', { exact: true }).selectOption('net30');
    await page.getByLabel('Amount', { exact: true }).fill('5000.123456');
    await page.getByRole('button', { name: 'Save company' }).click();
    await expect
      .poll(() => page.getByLabel('Amount', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    await page.getByLabel('Amount', { exact: true }).fill('5000.00');
    await page.getByRole('button', { name: 'Save company' }).click();
    await page.getByText('Saved.').waitFor();
    violations.push(...(await visit(page, '13-company')));
    const company = await api('GET', '/companies/me', { token: buyer.token });
    expect(company.body).toMatchObject({ paymentTerms: 'net30', creditLimit: { amount: '5000.00' } });

    // Users: search by email.
    await go('Users', 'Users');
    await page.getByLabel('Email or name', { exact: true }).fill(buyer.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('rowheader', { name: buyer.email }).waitFor();
    violations.push(...(await visit(page, '14-users')));

    // Templates: preview of a draft with the sample data.
    await go('Templates', 'Notification templates');
    // One row per kind and channel: the email one (an SMS template has no subject).
    await page.getByRole('link', { name: 'user.registered (Email, en)' }).click();
    await page.getByRole('heading', { name: 'user.registered' }).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill('Welcome aboard, {{recipientName}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Welcome aboard, Dana Buyer').waitFor();
    violations.push(...(await visit(page, '15-template-preview')));
    // A deep link to it survives a reload (the key holds a dot).
    await page.reload();
    await page.getByRole('heading', { name: 'user.registered' }).waitFor();

    // The welcome email of the buyer: in the delivery log and in the local mailbox (once sent).
    await pollUntil(
      async () => {
        const res = await api('GET', `/admin/mailbox?to=${encodeURIComponent(buyer.email)}`, { token });
        return res.body?.items?.length > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, message: `the welcome email to ${buyer.email}` },
    );
    await go('Delivery log', 'Delivery log');
    await page.getByLabel('Recipient', { exact: true }).fill(buyer.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('rowheader').first().waitFor();
    violations.push(...(await visit(page, '16-delivery-log')));
    await go('Mailbox', 'Mailbox');
    await page.getByLabel('Recipient', { exact: true }).fill(buyer.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('rowheader').first().getByRole('link').click();
    await page.getByText(`To ${buyer.email}`).waitFor();
    violations.push(...(await visit(page, '17-mailbox-message')));

    expect(violations).toEqual([]);
    expect(cspErrors).toEqual([]);
    await context.close();
  }, 240_000);
});
