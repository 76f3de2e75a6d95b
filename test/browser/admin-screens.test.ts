/**
 * The admin dashboard's back-office screens in Chromium, on ONE platform (the shared browser
 * harness, test/browser/support/browser-platform.ts; no demo seeds, so every list holds only what
 * a test made): categories, CSV import, price lists (down to the price the portal's buyer sees),
 * companies, the low-stock view, orders (filters, refund), users, notification templates, the
 * delivery log and the local mailbox. Each refusal sits next to its positive control (a bad value
 * shows the API's field error AND the good one saves). Every page visited is screenshotted
 * (.ci/artifacts/screenshots/admin-*) and axe-core must find no serious or critical violation; the
 * strict CSP must refuse nothing. Port: 23210 (this workspace's range).
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit';
import { type Person, registerCompanyAdmin, registerPlatformAdmin } from '@b2b/test-kit/accounts';
import { callApi } from '@b2b/test-kit/api';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeConfirmedCardOrder, signInForm, visit, watchCsp } from './support/admin-pages.ts';
import { type BrowserPlatform, hasChromium } from './support/browser-platform.ts';

const services: ServiceName[] = [
  'user',
  'product',
  'order',
  'payment',
  'notification',
  'admin-dashboard',
  'customer-portal',
];

let env: BrowserPlatform;
let admin: Person;
let violations: string[] = [];
let cspErrors: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  const { startBrowserPlatform } = await import('./support/browser-platform.ts');
  env = await startBrowserPlatform({ port: 23210, services, seed: false, readyTimeoutMs: 180_000 });
  admin = await registerPlatformAdmin(env.platform, env.origin, 'admin');
}, 300_000);

afterAll(async () => {
  await env?.stop();
});

// Each test collects its pages' accessibility violations and CSP refusals; none may remain.
afterEach(() => {
  const found = { violations, cspErrors };
  violations = [];
  cspErrors = [];
  expect(found).toEqual({ violations: [], cspErrors: [] });
});

const api = (method: string, route: string, opts: Parameters<typeof callApi>[3] = {}) =>
  callApi(env.origin, method, route, opts);
const asAdmin = (method: string, route: string, body?: unknown) =>
  api(method, route, { token: admin.token, ...(body === undefined ? {} : { body }) });

/** A signed-in admin page at a phone's width (every screen must work at 375 px). */
async function adminPage(): Promise<Page> {
  const page = await env.newPage();
  watchCsp(page, cspErrors);
  await page.goto(`${env.origin}/admin/`);
  await signInForm(page, admin);
  await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
  return page;
}

async function go(page: Page, label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

/** An active product with stock, made through the admin API (the screens under test are elsewhere). */
async function product(listPrice: string, onHand: number, lowStockThreshold = 0) {
  const sku = `SCR-${randomUUID().slice(0, 8).toUpperCase()}`;
  const created = await asAdmin('POST', '/admin/products', {
    sku,
    name: `Screen test item ${sku}`,
    listPrice: { amount: listPrice, currency: 'EUR' },
    status: 'active',
  });
  expect(created.status).toBe(201);
  const stock = await asAdmin('PUT', `/admin/inventory/${sku}`, { onHand, lowStockThreshold });
  expect(stock.status).toBe(200);
  return { sku, name: created.body.name as string };
}

const invalid = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).getAttribute('aria-invalid');

describe.runIf(hasChromium)('admin back-office screens in Chromium', () => {
  it('categories: create a tree, rename, a delete refused while a child remains, then allowed', async () => {
    const page = await adminPage();
    const tag = randomUUID().slice(0, 6).toUpperCase();
    await go(page, 'Categories', 'Categories');
    await page.getByText('No categories yet.').waitFor();
    violations.push(...(await visit(page, 'screens-01-categories-empty')));
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

    // Refused while the child remains: the API's 409 message, and the parent stays.
    await page.getByRole('button', { name: `Delete Tools ${tag}` }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /children|products|categor/i })
      .waitFor();
    expect(await tree.getByText(`Tools ${tag}`, { exact: true }).count()).toBe(1);
    violations.push(...(await visit(page, 'screens-02-categories-delete-refused')));

    // Rename (and move to the top level): the tree shows the new name, the API has it.
    await page.getByRole('button', { name: `Rename or move Drills ${tag}` }).click();
    const editForm = page.getByRole('form', { name: `Rename or move Drills ${tag}` });
    await editForm.getByLabel('Name', { exact: true }).fill(`Power drills ${tag}`);
    await editForm.getByLabel('Parent', { exact: true }).selectOption('');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await tree.getByText(`Power drills ${tag}`, { exact: true }).waitFor();
    const categories = await api('GET', '/categories');
    const flat = JSON.stringify(categories.body);
    expect(flat).toContain(`Power drills ${tag}`);
    expect(flat).not.toContain(`"Drills ${tag}"`);
    violations.push(...(await visit(page, 'screens-03-categories-renamed')));

    // Without children, both delete.
    await page.getByRole('button', { name: `Delete Power drills ${tag}` }).click();
    await expect.poll(() => tree.getByText(`Power drills ${tag}`).count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole('button', { name: `Delete Tools ${tag}` }).click();
    await page.getByText('No categories yet.').waitFor();
  }, 120_000);

  it('CSV import: good rows are created, a bad one is reported with its file row', async () => {
    const page = await adminPage();
    await go(page, 'Products', 'Products');
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
    await expect.poll(() => refused.count(), { timeout: 10_000 }).toBe(2);
    expect(await refused.nth(1).textContent()).toContain(`3IMP-${tag}-3`);
    expect((await asAdmin('GET', `/products/IMP-${tag}-2`)).body).toMatchObject({ name: 'Imported, two' });
    expect((await asAdmin('GET', `/products/IMP-${tag}-3`)).status).toBe(404);
    violations.push(...(await visit(page, 'screens-04-import-report')));
  }, 120_000);

  it('price lists: a bad price is a field error, a good one saves; assigned, the buyer sees it', async () => {
    const buyer = await registerCompanyAdmin(env.origin, 'pricing');
    const item = await product('5.00', 100);
    const page = await adminPage();
    const tag = randomUUID().slice(0, 6).toUpperCase();
    await go(page, 'Price lists', 'Price lists');
    await page.getByLabel('Name', { exact: true }).fill(`Key accounts ${tag}`);
    await page.getByRole('button', { name: 'Create price list' }).click();
    await page.getByRole('heading', { name: `Key accounts ${tag}` }).waitFor();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByLabel('SKU 1', { exact: true }).fill(item.sku);
    await page.getByLabel('Price 1', { exact: true }).fill('4.505050');
    await page.getByLabel('Tiers (quantity:price; …) 1', { exact: true }).fill('10:4.00; 100:3.50');
    await page.getByRole('button', { name: 'Save price list' }).click();
    await expect.poll(() => invalid(page, 'Price 1'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByText('Saved.').count()).toBe(0);
    violations.push(...(await visit(page, 'screens-05-price-list-field-error')));
    await page.getByLabel('Price 1', { exact: true }).fill('4.50');
    await page.getByRole('button', { name: 'Save price list' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await invalid(page, 'Price 1')).toBeNull();

    await page.getByLabel('Company', { exact: true }).selectOption({ label: buyer.companyName });
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText(`Assigned to ${buyer.companyName}.`).waitFor();
    await page.getByRole('link', { name: buyer.companyName }).waitFor();
    violations.push(...(await visit(page, 'screens-06-price-list-assigned')));

    // The buyer's portal: the company price next to the list price (effective within 5 s: reload until).
    const portal = await env.newPage();
    watchCsp(portal, cspErrors);
    await portal.goto(`${env.origin}/products/${item.sku}`);
    await signInForm(portal, buyer);
    const yourPrice = portal.getByText(/Your price:/);
    await pollUntil(
      async () => {
        await portal.goto(`${env.origin}/products/${item.sku}`);
        await yourPrice.waitFor();
        return (await yourPrice.textContent())?.includes('€4.50') ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500, message: 'the buyer sees the price list’s €4.50' },
    );
    expect(await yourPrice.textContent()).toContain('(list €5.00)');
    violations.push(...(await visit(portal, 'screens-07-portal-company-price')));
    // Positive control: another company's buyer still pays the list price.
    const other = await registerCompanyAdmin(env.origin, 'listprice');
    const seen = await api('GET', `/products/${item.sku}`, { token: other.token });
    expect(seen.body.price).toEqual({ amount: '5.00', currency: 'EUR' });
  }, 120_000);

  it('companies: status, payment terms and credit limit; a bad amount is a field error, a good one saves', async () => {
    const buyer = await registerCompanyAdmin(env.origin, 'credit');
    const companyId = (await api('GET', '/companies/me', { token: buyer.token })).body.id as string;
    // Read as staff: while the company is on hold its members' own calls answer 401.
    const company = async () => (await asAdmin('GET', `/admin/companies/${companyId}`)).body;
    const page = await adminPage();
    await go(page, 'Companies', 'Companies');
    await page.getByLabel('Name', { exact: true }).fill(buyer.companyName);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: buyer.companyName }).click();
    await page.getByRole('heading', { name: buyer.companyName }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('on_hold');
    await page.getByLabel('Payment terms', { exact: true }).selectOption('net60');
    await page.getByLabel('Amount', { exact: true }).fill('5000.123456');
    await page.getByRole('button', { name: 'Save company' }).click();
    await expect.poll(() => invalid(page, 'Amount'), { timeout: 10_000 }).toBe('true');
    violations.push(...(await visit(page, 'screens-08-company-field-error')));
    // Nothing of the refused form was saved.
    expect(await company()).toMatchObject({
      status: 'active',
      paymentTerms: 'prepaid',
    });
    await page.getByLabel('Amount', { exact: true }).fill('5000.00');
    await page.getByRole('button', { name: 'Save company' }).click();
    await page.getByText('Saved.').waitFor();
    violations.push(...(await visit(page, 'screens-09-company-saved')));
    expect(await company()).toMatchObject({
      status: 'on_hold',
      paymentTerms: 'net60',
      creditLimit: { amount: '5000.00', currency: 'EUR' },
    });
    // The list's status filter finds it among the companies on hold, not among the active ones.
    await go(page, 'Companies', 'Companies');
    await page.getByLabel('Name', { exact: true }).fill(buyer.companyName);
    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No companies match.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('on_hold');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: buyer.companyName }).waitFor();
  }, 120_000);

  it('inventory: the low-stock view lists a product below its threshold, not one in stock', async () => {
    const low = await product('3.00', 50, 5);
    const plenty = await product('3.00', 50, 5);
    const page = await adminPage();
    await go(page, 'Inventory', 'Inventory');
    await page.getByLabel('SKU', { exact: true }).fill(low.sku);
    await page.getByRole('button', { name: 'Show stock' }).click();
    // A count that is not a whole number is the API's field error; a good one saves.
    await page.getByLabel('On hand', { exact: true }).fill('two');
    await page.getByRole('button', { name: 'Save stock' }).click();
    await expect.poll(() => invalid(page, 'On hand'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByText('Stock saved.').count()).toBe(0);
    await page.getByLabel('On hand', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Save stock' }).click();
    await page.getByText('Stock saved.').waitFor();
    const table = page.getByRole('region', { name: 'Low and out of stock products' });
    const lowRow = table.getByRole('row').filter({ hasText: low.sku });
    await lowRow.waitFor();
    expect(await lowRow.textContent()).toContain('Low stock');
    expect(await table.getByRole('row').filter({ hasText: plenty.sku }).count()).toBe(0);
    violations.push(...(await visit(page, 'screens-10-low-stock')));
    // Out of stock is named as such; the row links to its stock form.
    expect((await asAdmin('PUT', `/admin/inventory/${plenty.sku}`, { onHand: 0 })).status).toBe(200);
    await page.reload();
    const outRow = table.getByRole('row').filter({ hasText: plenty.sku });
    await outRow.waitFor();
    expect(await outRow.textContent()).toContain('Out of stock');
    await outRow.getByRole('link', { name: plenty.sku }).click();
    await page.getByRole('form', { name: `Adjust stock of ${plenty.sku}` }).waitFor();
  }, 120_000);

  it('orders: filter by status, and a refund above the captured amount is refused, a partial one made', async () => {
    const buyer = await registerCompanyAdmin(env.origin, 'refund');
    const item = await product('20.00', 10);
    const confirmed = await placeConfirmedCardOrder(env.origin, buyer, item.sku, 1);
    const orderId = confirmed.id as string;
    const orderNumber = confirmed.orderNumber as string;
    const ship = await asAdmin('POST', `/admin/orders/${orderId}/ship`, {
      carrier: 'DHL',
      trackingNumber: 'T1',
    });
    expect(ship.status).toBe(200);
    // Shipping captures the card payment (the payment service, on order.shipped).
    const payment = await pollUntil(
      async () => {
        const res = await asAdmin('GET', `/payments?orderId=${orderId}`);
        const p = res.body?.items?.[0];
        return p?.status === 'captured' ? p : undefined;
      },
      { timeoutMs: 30_000, message: `the payment of ${orderNumber} captured` },
    );

    const page = await adminPage();
    await go(page, 'Orders', 'Orders');
    await page.getByLabel('Status', { exact: true }).selectOption('delivered');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No orders match.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('shipped');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: orderNumber }).click();
    await page.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();

    const refund = page.getByRole('form', { name: 'Refund' });
    const amount = refund.getByLabel(`Amount (${payment.amount.currency})`, { exact: true });
    await amount.fill('999.00');
    await refund.getByLabel('Reason', { exact: true }).fill('damaged in transit');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await refund.getByRole('alert').waitFor();
    violations.push(...(await visit(page, 'screens-11-refund-refused')));
    expect((await asAdmin('GET', `/payments/${payment.id}`)).body.status).toBe('captured');
    await amount.fill('5.00');
    await refund.getByLabel('Reason', { exact: true }).fill('damaged in transit');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await page.getByText('Refund recorded.').waitFor();
    violations.push(...(await visit(page, 'screens-12-refund-made')));
    expect((await asAdmin('GET', `/payments/${payment.id}`)).body).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: { amount: '5.00' },
    });
  }, 150_000);

  it('users: search, disable (the user can no longer sign in) and enable again', async () => {
    const member = await registerCompanyAdmin(env.origin, 'member');
    const login = () =>
      api('POST', '/auth/login', { body: { email: member.email, password: member.password } });
    const page = await adminPage();
    await go(page, 'Users', 'Users');
    await page.getByLabel('Email or name', { exact: true }).fill(member.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: member.email }) });
    await row.waitFor();
    await page.getByRole('button', { name: `Disable ${member.email}` }).click();
    await page.getByRole('button', { name: `Enable ${member.email}` }).waitFor();
    expect(await row.textContent()).toContain('disabled');
    violations.push(...(await visit(page, 'screens-13-user-disabled')));
    expect((await login()).status).not.toBe(200);
    await page.getByRole('button', { name: `Enable ${member.email}` }).click();
    await page.getByRole('button', { name: `Disable ${member.email}` }).waitFor();
    expect((await login()).status).toBe(200);
  }, 120_000);

  it('templates preview, the delivery log and the local mailbox show what the platform sent', async () => {
    const member = await registerCompanyAdmin(env.origin, 'welcome');
    const page = await adminPage();
    await go(page, 'Templates', 'Notification templates');
    // One row per kind and channel: the email one (an SMS template has no subject).
    await page.getByRole('link', { name: 'user.registered (Email, en)' }).click();
    await page.getByRole('heading', { name: 'user.registered' }).waitFor();
    await page.getByLabel('Subject', { exact: true }).fill('Welcome aboard, {{recipientName}}');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Welcome aboard, Dana Buyer').waitFor();
    violations.push(...(await visit(page, 'screens-14-template-preview')));
    // A deep link to it survives a reload (the key holds a dot).
    await page.reload();
    await page.getByRole('heading', { name: 'user.registered' }).waitFor();

    // The welcome email of the new member: in the delivery log and in the local mailbox (once sent).
    await pollUntil(
      async () => {
        const res = await asAdmin('GET', `/admin/mailbox?to=${encodeURIComponent(member.email)}`);
        return res.body?.items?.length > 0 ? true : undefined;
      },
      { timeoutMs: 30_000, message: `the welcome email to ${member.email}` },
    );
    await go(page, 'Delivery log', 'Delivery log');
    await page.getByLabel('Recipient', { exact: true }).fill(`nobody-${randomUUID()}@example.com`);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The list's empty state (the previous rows stay on screen until the filtered answer arrives).
    await page.getByText('Nothing was sent yet.').waitFor();
    expect(await page.getByRole('rowheader').count()).toBe(0);
    await page.getByLabel('Recipient', { exact: true }).fill(member.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('row').filter({ hasText: member.email }).first().waitFor();
    violations.push(...(await visit(page, 'screens-15-delivery-log')));
    await go(page, 'Mailbox', 'Mailbox');
    await page.getByLabel('Recipient', { exact: true }).fill(member.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('rowheader').first().getByRole('link').click();
    await page.getByText(`To ${member.email}`).waitFor();
    violations.push(...(await visit(page, 'screens-16-mailbox-message')));
  }, 120_000);
});
