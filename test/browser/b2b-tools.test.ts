/**
 * The B2B buying tools in Chromium over the running platform, with the demo seeds (Acme's buyer,
 * approver and company admin; the demo lists, cost centers, budget and rules): shopping lists
 * (private, then shared with a colleague who puts it into their cart), cost centers (created by
 * the company admin, picked at checkout, shown on the order), monthly budgets (an order within
 * what is left goes through, the next one beyond it waits) and a two-level approval rule (an
 * approver, then the company admin, in that order). Every page is screenshotted
 * (.ci/artifacts/screenshots/b2b-*) and checked with axe-core. One platform for the file: its start
 * is most of the cost; the tests run in order and each leaves the buyer's cart empty.
 * Ports: 23350 (this workspace's range 23350-23399).
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import { add, fromJson, type MoneyJson, subtract, toJson } from '@b2b/shared/money';
import { pollUntil } from '@b2b/test-kit';
import { formatMoney } from '@b2b/web-kit/ui/format';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type OnTestFailedHandler } from 'vitest';
import {
  type BrowserPlatform,
  hasChromium,
  screenshot,
  startBrowserPlatform,
} from './support/browser-platform.ts';
import { apiAs, demo, record, signIn } from './support/portal-pages.ts';

const services: ServiceName[] = ['user', 'product', 'order', 'payment', 'customer-portal'];
const eur = (amount: string): MoneyJson => ({ amount, currency: 'EUR' });
/** The platform admin of the user service's demo seed (services/user/src/demo-data.ts). */
const platformAdmin = { email: 'admin@b2b.local', password: 'local-admin-passphrase' };
/** Per test, as the issue asks (the platform's start is not part of it). */
const testBudgetMs = 60_000;

type Api = Awaited<ReturnType<typeof apiAs>>;
let env: BrowserPlatform;
let buyerApi: Api;
let companyAdminApi: Api;
const tag = randomUUID().slice(0, 6).toUpperCase();
/** Products of this run with known prices: 10.00 and 100.00 EUR, plenty of stock. */
const cheap = { sku: `B2BT-${tag}-10`, name: `Test tape ${tag}` };
const dear = { sku: `B2BT-${tag}-100`, name: `Test drill ${tag}` };

async function json(res: Response) {
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

beforeAll(async () => {
  if (!hasChromium) return;
  env = await startBrowserPlatform({ port: 23350, services, readyTimeoutMs: 240_000 });
  const admin = await apiAs(env.origin, platformAdmin);
  for (const [product, price] of [
    [cheap, '10.00'],
    [dear, '100.00'],
  ] as const) {
    const created = await admin('POST', '/admin/products', {
      sku: product.sku,
      name: product.name,
      listPrice: eur(price),
      status: 'active',
    });
    expect(created.status, await created.text()).toBe(201);
    const stocked = await admin('PUT', `/admin/inventory/${product.sku}`, { onHand: 10_000 });
    expect(stocked.status).toBe(200);
  }
  buyerApi = await apiAs(env.origin, demo.buyer);
  companyAdminApi = await apiAs(env.origin, demo.companyAdmin);
  for (const role of Object.keys(demo) as Role[]) {
    const page = await env.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
    await signIn(page, env.origin, demo[role]);
    pages[role] = { page, errors };
  }
}, 600_000);

afterAll(() => {
  // No script error on any page over the whole file.
  if (hasChromium) expect(Object.values(pages).flatMap((p) => p.errors)).toEqual([]);
});

afterAll(async () => {
  await env?.stop();
}, 60_000);

type Role = keyof typeof demo;
/**
 * One signed-in page per demo member for the whole file (signing in belongs to the set-up, not to
 * a test's 60 s), with the script errors each page has thrown.
 */
const pages = {} as Record<Role, { page: Page; errors: string[] }>;

/** The member's page; a failing test leaves its screenshot and the page's script errors. */
function pageOf(role: Role, onTestFailed: (fn: OnTestFailedHandler) => void): Page {
  const { page, errors } = pages[role];
  onTestFailed(async () => {
    await screenshot(page, `b2b-failed-${role}`);
    if (errors.length > 0) console.error(`${role} page errors:\n${errors.join('\n')}`);
  });
  return page;
}

async function nav(page: Page, label: string, heading: string) {
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function fillCart(lines: { sku: string; quantity: number }[]) {
  expect((await buyerApi('DELETE', '/cart')).status).toBeLessThan(300);
  for (const line of lines) {
    const res = await buyerApi('POST', '/cart/items', line);
    expect(res.status, await res.text()).toBeLessThan(300);
  }
}

/** The portal's checkout from the cart; returns the order number from the order page. */
async function checkout(page: Page, name: string, opts: { costCenter?: string } = {}) {
  // Opened afresh: the cart was filled through the API, behind the open page's cache.
  await page.goto(`${env.origin}/cart`);
  await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByLabel('Street and number').fill('Industriestraße 7');
  await page.getByLabel('Postal code').fill('70173');
  await page.getByLabel('City').fill('Stuttgart');
  await page.getByLabel('Country (2-letter code, e.g. DE)').fill('DE');
  if (opts.costCenter) await page.getByLabel('Cost center (optional)').selectOption(opts.costCenter);
  await record(page, `b2b-${name}-checkout`);
  await page.getByRole('button', { name: 'Place order' }).click();
  const heading = page.getByRole('heading', { level: 1, name: /^Order SO-/ });
  await heading.waitFor();
  return ((await heading.textContent()) ?? '').replace('Order ', '');
}

async function orderByNumber(api: Api, orderNumber: string) {
  const page = await json(await api('GET', '/orders?limit=50'));
  const found = page.items.find((o: { orderNumber: string }) => o.orderNumber === orderNumber);
  expect(found, `order ${orderNumber} in the list`).toBeDefined();
  return json(await api('GET', `/orders/${found.id}`));
}

async function memberId(email: string): Promise<string> {
  const company = await json(await companyAdminApi('GET', '/companies/me'));
  const member = company.members.find((m: { email: string }) => m.email === email);
  expect(member, `${email} in the company`).toBeDefined();
  return member.id;
}

describe.runIf(hasChromium)('B2B buying tools in Chromium', () => {
  it('the demo seeds leave the demo buyer lists, cost centers, a budget, rules and an open quote', async ({
    onTestFailed,
  }) => {
    // Through the gateway as the demo buyer: each tool has the order service's demo data.
    const lists = await json(await buyerApi('GET', '/shopping-lists'));
    expect(lists.items.map((l: { name: string; shared: boolean }) => [l.name, l.shared]).sort()).toEqual([
      ['My site visit kit', false],
      ['Workshop restock (monthly)', true],
    ]);
    expect((await json(await buyerApi('GET', '/cost-centers'))).costCenters).toHaveLength(2);
    expect((await json(await buyerApi('GET', '/approval-rules'))).rules).toHaveLength(2);
    expect(await json(await buyerApi('GET', '/budgets/me'))).toMatchObject({
      monthlyBudget: eur('25000.00'),
    });
    const quotes = await json(await buyerApi('GET', '/quotes'));
    expect(quotes.items.map((q: { status: string }) => q.status)).toEqual(['requested']);
    // And on the buyer's quotes page.
    const page = pageOf('buyer', onTestFailed);
    await nav(page, 'Quotes', 'Quotes');
    await page.getByRole('link', { name: `Quote ${quotes.items[0].number}` }).waitFor();
    await record(page, 'b2b-0-demo-quote');
  }, 60_000);

  it('a private list is the buyer’s alone; shared, a colleague sees it and puts it into their cart', async ({
    onTestFailed,
  }) => {
    const started = Date.now();
    const buyer = pageOf('buyer', onTestFailed);
    await nav(buyer, 'Lists', 'Shopping lists');
    // The demo seed's lists are there (a shared one and the buyer's private one).
    await buyer.getByRole('link', { name: 'Workshop restock (monthly)' }).waitFor();
    await record(buyer, 'b2b-a-01-lists');
    const listName = `Private picks ${tag}`;
    await buyer.getByLabel('List name').fill(listName);
    await buyer.getByRole('button', { name: 'Create list' }).click();
    await buyer.getByRole('heading', { level: 1, name: listName }).waitFor();
    const listId = /\/shopping-lists\/([^/?]+)/.exec(buyer.url())?.[1] ?? '';
    expect(listId).not.toBe('');
    await buyer.getByText('Private', { exact: true }).waitFor();

    // From the product page into the list.
    await buyer.goto(`${env.origin}/products/${cheap.sku}`);
    await buyer.getByRole('heading', { level: 1, name: cheap.name }).waitFor();
    await buyer.getByLabel('Shopping list').selectOption({ label: listName });
    await buyer.getByRole('button', { name: 'Add to list' }).click();
    await buyer
      .getByRole('status')
      .filter({ hasText: `Added to ${listName}.` })
      .waitFor();
    await record(buyer, 'b2b-a-02-product-added-to-list');
    await buyer.getByRole('link', { name: listName }).click();
    await buyer.getByText(`Line 1: 1 × ${cheap.sku}`).waitFor();

    // A colleague (the approver): the shared demo list yes, the private one no, not even by address.
    const colleague = pageOf('approver', onTestFailed);
    await nav(colleague, 'Lists', 'Shopping lists');
    await colleague.getByRole('link', { name: 'Workshop restock (monthly)' }).waitFor();
    expect(await colleague.getByRole('link', { name: listName }).count()).toBe(0);
    await record(colleague, 'b2b-a-03-colleague-without-private-list');
    expect((await (await apiAs(env.origin, demo.approver))('GET', `/shopping-lists/${listId}`)).status).toBe(
      404,
    );
    await colleague.goto(`${env.origin}/shopping-lists/${listId}`);
    await colleague
      .getByRole('alert')
      .filter({ hasText: /not found/i })
      .waitFor();
    expect(await colleague.getByRole('heading', { level: 1, name: listName }).count()).toBe(0);

    // The buyer shares it; the colleague now finds it and adds it to their cart.
    await buyer.getByRole('button', { name: 'Share with the company' }).click();
    await buyer.getByText('Shared with the company', { exact: true }).waitFor();
    await record(buyer, 'b2b-a-04-list-shared');
    await colleague.goto(`${env.origin}/shopping-lists`);
    await colleague.getByRole('link', { name: listName }).click();
    await colleague.getByRole('heading', { level: 1, name: listName }).waitFor();
    await colleague.getByText(`Line 1: 1 × ${cheap.sku}`).waitFor();
    await colleague.getByRole('button', { name: 'Add all to cart' }).click();
    await colleague.getByRole('status').filter({ hasText: '1 line added to the cart.' }).waitFor();
    await record(colleague, 'b2b-a-05-colleague-added-to-cart');
    await colleague.getByRole('link', { name: 'Open the cart' }).click();
    await colleague.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
    await colleague.getByText(cheap.name).first().waitFor();
    await record(colleague, 'b2b-a-06-colleague-cart');
    const cart = await json(await (await apiAs(env.origin, demo.approver))('GET', '/cart'));
    expect(cart.items).toEqual([expect.objectContaining({ sku: cheap.sku, quantity: 1 })]);
    expect(Date.now() - started).toBeLessThan(testBudgetMs);
  }, 120_000);

  it('a company admin adds a cost center, the buyer picks it at checkout, the order shows it', async ({
    onTestFailed,
  }) => {
    const started = Date.now();
    const code = `CC-${tag}`;
    const admin = pageOf('companyAdmin', onTestFailed);
    await nav(admin, 'Cost centers', 'Cost centers');
    await admin.getByText('Maintenance').waitFor();
    await admin.getByRole('button', { name: 'Add cost center' }).click();
    const row = await admin.getByLabel(/^Code \d+$/).count();
    await admin.getByLabel(`Code ${row}`, { exact: true }).fill(code);
    await admin.getByLabel(`Name ${row}`, { exact: true }).fill(`Test bench ${tag}`);
    await record(admin, 'b2b-b-01-cost-center-editor');
    await admin.getByRole('button', { name: 'Save cost centers' }).click();
    await admin.getByRole('status').filter({ hasText: 'Cost centers saved.' }).waitFor();
    await admin
      .getByRole('listitem')
      .filter({ hasText: `${code} Test bench ${tag}` })
      .waitFor();
    await record(admin, 'b2b-b-02-cost-center-saved');

    await fillCart([{ sku: cheap.sku, quantity: 2 }]);
    const buyer = pageOf('buyer', onTestFailed);
    const orderNumber = await checkout(buyer, 'b', { costCenter: code });
    await buyer.getByText(`cost center ${code}`, { exact: false }).waitFor();
    await record(buyer, 'b2b-b-03-order-with-cost-center');
    expect(await orderByNumber(buyerApi, orderNumber)).toMatchObject({ costCenter: code });
    expect(Date.now() - started).toBeLessThan(testBudgetMs);
  }, 120_000);

  it('a monthly budget: the buyer sees what is left, an order within it goes through, one beyond it waits', async ({
    onTestFailed,
  }) => {
    const started = Date.now();
    const before = await json(await buyerApi('GET', '/budgets/me'));
    // What is left after the company admin's change: 300.00 on top of what the month has spent.
    const budget = toJson(add(fromJson(before.spent), fromJson(eur('300.00'))));
    const admin = pageOf('companyAdmin', onTestFailed);
    await nav(admin, 'Budget', 'Budget');
    const field = admin.getByLabel('Monthly budget of Bea Buyer in EUR (empty: none)');
    // The demo seed gave the buyer a budget: the admin's page shows it before the change.
    expect(await field.inputValue()).toBe('25000.00');
    await field.fill(budget.amount);
    await admin.getByRole('button', { name: 'Save the budget of Bea Buyer' }).click();
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await record(admin, 'b2b-c-01-budget-set');
    // The order service learns it from member.updated.
    await pollUntil(
      async () => (await json(await buyerApi('GET', '/budgets/me'))).monthlyBudget?.amount === budget.amount,
      { timeoutMs: 15_000, message: 'the new budget known to the order service' },
    );

    const buyer = pageOf('buyer', onTestFailed);
    await nav(buyer, 'Budget', 'Budget');
    // The value next to "Left" (the budget and what was spent are listed above it).
    const left = buyer.locator('dt:text-is("Left") + dd');
    await left.filter({ hasText: formatMoney(eur('300.00')) }).waitFor();
    await record(buyer, 'b2b-c-02-budget-left');

    // Within what is left (50.00 of goods plus tax and shipping): no approval.
    await fillCart([{ sku: cheap.sku, quantity: 5 }]);
    const within = await checkout(buyer, 'c-within');
    await buyer
      .getByRole('status')
      .filter({ hasText: /Pending|Confirmed/ })
      .waitFor();
    await record(buyer, 'b2b-c-03-within-budget-not-held');
    const confirmed = await orderByNumber(buyerApi, within);
    // Not held (the saga confirms it next; a pending order counts against the budget already).
    expect(confirmed.approvalReasons).toEqual([]);
    expect(['pending', 'confirmed']).toContain(confirmed.status);

    // What is left now shrank by that order; 300.00 of goods is beyond it: it waits.
    await nav(buyer, 'Budget', 'Budget');
    const leftNow = toJson(subtract(fromJson(eur('300.00')), fromJson(confirmed.total)));
    await left.filter({ hasText: formatMoney(leftNow) }).waitFor();
    await fillCart([{ sku: dear.sku, quantity: 3 }]);
    const beyond = await checkout(buyer, 'c-beyond');
    await buyer.getByRole('status').filter({ hasText: 'Awaiting approval' }).waitFor();
    await buyer.getByText(/over_monthly_budget/).waitFor();
    await record(buyer, 'b2b-c-04-beyond-budget-awaiting-approval');
    const waiting = await orderByNumber(buyerApi, beyond);
    expect(waiting).toMatchObject({ status: 'awaiting_approval', approvalReasons: ['over_monthly_budget'] });

    // Leave no budget for the next test, and the waiting order rejected.
    const buyerId = await memberId(demo.buyer.email);
    const cleared = await companyAdminApi('PATCH', `/companies/me/members/${buyerId}`, {
      monthlyBudget: null,
    });
    expect(cleared.status).toBe(200);
    const rejected = await companyAdminApi('POST', `/orders/${waiting.id}/reject`, { reason: 'test over' });
    expect(rejected.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(testBudgetMs);
  }, 120_000);

  it('a two-level rule: a large order waits for an approver, then for the company admin, in that order', async ({
    onTestFailed,
  }) => {
    const started = Date.now();
    const admin = pageOf('companyAdmin', onTestFailed);
    await nav(admin, 'Approval rules', 'Approval rules');
    // The demo seed's rules are listed; the admin replaces them with two lower levels.
    await admin.getByRole('listitem').filter({ hasText: 'an approver approves' }).first().waitFor();
    while ((await admin.getByLabel(/^Level \d+: orders from/).count()) < 2) {
      await admin.getByRole('button', { name: 'Add level' }).click();
    }
    while ((await admin.getByLabel(/^Level \d+: orders from/).count()) > 2) {
      await admin.getByRole('button', { name: 'Remove level 3' }).click();
    }
    await admin.getByLabel('Level 1: orders from (EUR)').fill('1000.00');
    await admin.getByLabel('Level 1: approved by').selectOption('approver');
    await admin.getByLabel('Level 2: orders from (EUR)').fill('2000.00');
    await admin.getByLabel('Level 2: approved by').selectOption('company_admin');
    await record(admin, 'b2b-d-01-rules-editor');
    await admin.getByRole('button', { name: 'Save rules' }).click();
    await admin.getByRole('status').filter({ hasText: 'Rules saved.' }).waitFor();
    await admin
      .getByRole('listitem')
      .filter({ hasText: `From ${formatMoney(eur('2000.00'))}: a company admin approves` })
      .waitFor();
    await record(admin, 'b2b-d-02-rules-saved');

    // 2,500.00 of goods: above both levels, below the buyer's 5,000.00 spending limit.
    await fillCart([{ sku: dear.sku, quantity: 25 }]);
    const buyer = pageOf('buyer', onTestFailed);
    const orderNumber = await checkout(buyer, 'd');
    await buyer.getByRole('status').filter({ hasText: 'Awaiting approval' }).waitFor();
    await record(buyer, 'b2b-d-03-awaiting-two-levels');
    const placed = await orderByNumber(buyerApi, orderNumber);
    expect(placed.approvalLevels).toEqual([{ roles: ['approver'] }, { roles: ['company_admin'] }]);

    // The company admin cannot go first: the approver's level is the lowest.
    await nav(admin, 'Approvals', 'Approvals');
    await admin.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
    await admin.getByRole('button', { name: `Approve ${orderNumber}` }).click();
    await admin.getByText(/must come from a member with the role approver/).waitFor();
    await record(admin, 'b2b-d-04-admin-too-early');
    expect((await orderByNumber(buyerApi, orderNumber)).approvals).toEqual([]);

    const approver = pageOf('approver', onTestFailed);
    await nav(approver, 'Approvals', 'Approvals');
    await approver.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
    await record(approver, 'b2b-d-05-approver-inbox');
    await approver.getByRole('button', { name: `Approve ${orderNumber}` }).click();
    await approver
      .getByRole('status')
      .filter({ hasText: `Order ${orderNumber} approved` })
      .waitFor();
    // One level of two: still waiting, for the company admin now.
    const halfway = await orderByNumber(buyerApi, orderNumber);
    expect(halfway.status).toBe('awaiting_approval');
    expect(halfway.approvals).toHaveLength(1);

    await admin.reload();
    await admin.getByRole('heading', { name: `Order ${orderNumber}` }).waitFor();
    await record(admin, 'b2b-d-06-admin-inbox');
    await admin.getByRole('button', { name: `Approve ${orderNumber}` }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Order ${orderNumber} approved` })
      .waitFor();
    await record(admin, 'b2b-d-07-admin-approved');

    await buyer.getByRole('status').filter({ hasText: 'Confirmed' }).waitFor({ timeout: 30_000 });
    await record(buyer, 'b2b-d-08-buyer-sees-confirmed');
    const done = await orderByNumber(buyerApi, orderNumber);
    expect(
      done.approvals.map((a: { by: string; role: string; decision: string }) => [a.by, a.role, a.decision]),
    ).toEqual([
      [await memberId(demo.approver.email), 'approver', 'approved'],
      [await memberId(demo.companyAdmin.email), 'company_admin', 'approved'],
    ]);
    expect(Date.now() - started).toBeLessThan(testBudgetMs);
  }, 120_000);
});
