/**
 * The quote journey in Chromium over the running platform (the shared browser harness): a buyer
 * requests a quote from the cart with a target price and a note, the admin offers a price per line
 * and a validity day in the back office, the buyer accepts and places the order, which is
 * confirmed at exactly the offered price. A second quote whose offer has expired is shown as
 * expired with accept disabled (its positive control: the first quote's accept form). Every page
 * is screenshotted (.ci/artifacts/screenshots/quote-*) and checked with axe-core.
 * Port: 22700 (this workspace's range).
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit';
import { registerCompanyAdmin, registerPlatformAdmin } from '@b2b/test-kit/accounts';
import { type ApiCallOptions, callApi } from '@b2b/test-kit/api';
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

const services: ServiceName[] = ['user', 'product', 'order', 'payment', 'admin-dashboard', 'customer-portal'];
const eur = (amount: string) => ({ amount, currency: 'EUR' });

let env: BrowserPlatform;
let origin: string;

beforeAll(async () => {
  if (!hasChromium) return;
  env = await startBrowserPlatform({
    port: 22700,
    services,
    seed: false,
    // The expiry job looks every second, so the expired quote is `expired` moments after its date.
    env: { order: { QUOTE_EXPIRY_SWEEP_SECONDS: '1' } },
    // Six services compiled at once on a shared two-core machine: give each time to come up.
    readyTimeoutMs: 240_000,
  });
  origin = env.origin;
}, 600_000);

afterAll(async () => {
  await env?.stop();
}, 60_000);

function api(method: string, path: string, opts: ApiCallOptions = {}) {
  return callApi(origin, method, path, opts);
}

/** Screenshot (a CI artifact) and axe's serious and critical violations, named by the page. */
async function visit(page: Page, name: string): Promise<string[]> {
  await screenshot(page, `quote-${name}`);
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe.runIf(hasChromium)('quote journey in Chromium', () => {
  it('a buyer requests a quote from the cart, the admin offers, the buyer accepts, the order is confirmed at the offered price', async ({
    onTestFailed,
  }) => {
    const violations: string[] = [];
    const cspErrors: string[] = [];
    const admin = await registerPlatformAdmin(env.platform, origin, 'admin');
    const adminToken = admin.token;
    const sku = `RFQ-${randomUUID().slice(0, 6).toUpperCase()}`;
    const name = `Quoted press ${sku}`;
    expect(
      (
        await api('POST', '/admin/products', {
          token: adminToken,
          body: { sku, name, listPrice: eur('120.00'), status: 'active' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await api('PUT', `/admin/inventory/${sku}`, { token: adminToken, body: { onHand: 1000 } })).status,
    ).toBe(200);
    // The buyer: a registered company's admin (orders for the company like any buyer), known to
    // the order service before it orders (member.updated over the bus).
    const buyer = await registerCompanyAdmin(origin, 'buyer');
    await pollUntil(
      () =>
        env.platform
          .db('order')
          .collection('member_projections')
          .findOne({ _id: buyer.userId as never }),
      { timeoutMs: 15_000, message: 'the buyer known to the order service' },
    );

    // Buyer: the product into the cart, then "Request a quote" from the cart.
    const portal = await env.newPage();
    // A failure leaves what the buyer saw last (the admin's pages are screenshotted as they go).
    const pageErrors: string[] = [];
    portal.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
    onTestFailed(async () => {
      await screenshot(portal, 'quote-failed-portal');
      console.error(`portal page errors:\n${pageErrors.join('\n')}`);
    });
    portal.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
    await portal.goto(`${origin}/products/${sku}`);
    await signIn(portal, buyer.email, buyer.password);
    await portal.getByRole('heading', { name }).waitFor();
    await portal.getByRole('textbox', { name: 'Quantity' }).fill('20');
    // The stepper takes the typed number when it loses focus.
    await portal.getByRole('textbox', { name: 'Quantity' }).press('Tab');
    await portal.getByRole('button', { name: 'Add to cart' }).click();
    await portal.getByText('Added to your cart.').waitFor();
    await portal.getByRole('link', { name: 'Cart', exact: true }).click();
    await portal.getByRole('heading', { name: 'Cart' }).waitFor();
    violations.push(...(await visit(portal, '01-cart')));
    await portal.getByRole('link', { name: 'Request a quote' }).click();
    await portal.getByRole('heading', { name: 'Request a quote' }).waitFor();
    const target = portal.getByLabel(`Target unit price for ${name} (EUR, optional)`);
    // A malformed price first: the API's message shows next to the line's field.
    await target.fill('ninety');
    await portal.getByRole('button', { name: 'Request quote' }).click();
    await expect.poll(() => target.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    violations.push(...(await visit(portal, '02-request-field-error')));
    await target.fill('90.00');
    await portal.getByLabel('Note for the supplier (optional)').fill('Twenty a month all year');
    await portal.getByRole('button', { name: 'Request quote' }).click();
    const heading = portal.getByRole('heading', { name: /^Quote RFQ-\d{4}-\d{6,}$/ });
    await heading.waitFor();
    const quoteNumber = (await heading.textContent())?.replace('Quote ', '') ?? '';
    await portal.getByText('The supplier has not made an offer yet.').waitFor();
    expect(await portal.getByRole('button', { name: 'Accept and place the order' }).count()).toBe(0);
    violations.push(...(await visit(portal, '03-requested')));

    // Admin: the queue shows the request; the offer editor sends a price and a validity day.
    const back = await env.newPage();
    back.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
    await back.goto(`${origin}/admin/`);
    await signIn(back, admin.email, admin.password);
    await back.getByRole('link', { name: 'Quotes' }).click();
    await back.getByRole('heading', { name: 'Quotes' }).waitFor();
    await back.getByRole('link', { name: quoteNumber }).waitFor();
    violations.push(...(await visit(back, '04-admin-queue')));
    await back.getByRole('link', { name: quoteNumber }).click();
    await back.getByRole('heading', { name: `Quote ${quoteNumber}` }).waitFor();
    await back.getByText('Twenty a month all year').waitFor();
    const price = back.getByLabel(`Unit price for ${name} (20 requested)`);
    expect(await price.inputValue()).toBe('90.00');
    await price.fill('95.50');
    await back.getByLabel('Message to the buyer (optional)').fill('Best we can do for this volume');
    await back.getByRole('button', { name: 'Send offer' }).click();
    await back.getByText('Offer sent. The buyer has been told.').waitFor();
    await back.getByText(/^Offered · requested/).waitFor();
    violations.push(...(await visit(back, '05-admin-offered')));

    // Buyer: the offer and its message in the thread, then accept with a card.
    await portal.reload();
    await portal.getByRole('heading', { name: 'Offer', exact: true }).waitFor();
    await portal.getByRole('cell', { name: formatMoney(eur('1910.00')) }).waitFor();
    await portal.getByText('Best we can do for this volume').first().waitFor();
    await portal.getByLabel('Write to the supplier').fill('Thanks, accepting now');
    await portal.getByRole('button', { name: 'Send message' }).click();
    await portal.getByText('Thanks, accepting now').waitFor();
    violations.push(...(await visit(portal, '06-offered')));
    await portal.getByLabel('Street and number').fill('Hauptstr. 1');
    await portal.getByLabel('Postal code').fill('10115');
    await portal.getByLabel('City').fill('Berlin');
    await portal.getByLabel('Country (2-letter code, e.g. DE)').fill('DE');
    await portal.getByText('Card', { exact: true }).click();
    await portal.getByLabel('Card token from the payment provider (sandbox: tok_visa)').fill('tok_visa');
    await portal.getByRole('button', { name: 'Accept and place the order' }).click();
    // The order page: confirmed by the saga (stock reserved, card authorized) while it is open.
    await portal.getByRole('heading', { name: /^Order / }).waitFor();
    await portal.getByText('Confirmed', { exact: true }).first().waitFor({ timeout: 20_000 });
    await portal
      .getByText(formatMoney(eur('95.50')))
      .first()
      .waitFor();
    violations.push(...(await visit(portal, '07-order-confirmed')));

    // What the caller checks: the order charges exactly the offered price, the quote is accepted.
    const quotes = await api('GET', '/quotes', { token: buyer.token });
    const quote = quotes.body.items.find((q: { number: string }) => q.number === quoteNumber);
    expect(quote).toMatchObject({ status: 'accepted' });
    const order = (await api('GET', `/orders/${quote.orderId}`, { token: buyer.token })).body;
    expect(order).toMatchObject({
      status: 'confirmed',
      quoteId: quote.id,
      items: [{ sku, quantity: 20, unitPrice: eur('95.50'), lineTotal: eur('1910.00') }],
    });
    // The back office sees the quote accepted, with the order linked.
    await back.reload();
    await back.getByRole('link', { name: `order ${order.orderNumber}` }).waitFor();

    // An expired offer: shown as expired, accept disabled and no accept form.
    const second = await api('POST', '/quotes', {
      token: buyer.token,
      body: { items: [{ sku, quantity: 5 }] },
    });
    expect(second.status).toBe(201);
    const offered = await api('POST', `/admin/quotes/${second.body.id}/offer`, {
      token: adminToken,
      body: {
        items: [{ sku, quantity: 5, unitPrice: eur('99.00') }],
        validUntil: new Date(Date.now() + 1500).toISOString(),
      },
    });
    expect(offered.status).toBe(200);
    await pollUntil(
      async () =>
        (await api('GET', `/quotes/${second.body.id}`, { token: buyer.token })).body.status === 'expired',
      { timeoutMs: 15_000, message: 'the second quote expired by the job' },
    );
    await portal.goto(`${origin}/quotes/${second.body.id}`);
    await portal.getByText(/^This offer expired on /).waitFor();
    expect(await portal.getByRole('button', { name: 'Accept (offer expired)' }).isDisabled()).toBe(true);
    expect(await portal.getByRole('button', { name: 'Accept and place the order' }).count()).toBe(0);
    violations.push(...(await visit(portal, '08-expired')));

    expect(violations).toEqual([]);
    expect(cspErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
