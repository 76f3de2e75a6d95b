/**
 * The customer portal's order screens in Chromium over the whole local platform (the browser
 * harness, demo seeds): a company admin's invoices (an invoice order's invoice with its amount
 * formatted from the decimal string), an order cancelled from its page, reorder (the cart gets
 * the lines back), and an approver's rejection with a reason the buyer reads. Acme's seeded
 * buyer, approver and admin; the order set-up goes through the API. Every page visited is
 * screenshotted (.ci/artifacts/screenshots/orders-*) and checked with axe-core.
 * Port: 23110 (this workspace's range 23100-23199).
 */
import type { ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit';
import { formatMoney } from '@b2b/web-kit/ui/format';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser-platform.ts';
import { apiAs, demo, record, signIn } from './support/portal-pages.ts';
import { placeOrder, platformAdmin, platformPerFile } from './support/portal-setup.ts';

const services: ServiceName[] = ['user', 'product', 'order', 'payment', 'customer-portal'];

const file = platformPerFile(23110, services);

/** Per journey, as the issue asks (the platform's start is not part of it). */
const journeyBudgetMs = 60_000;

describe.runIf(hasChromium)('portal orders in Chromium', () => {
  it('a company admin sees an invoice order’s invoice with its amount; a buyer has no invoices', async () => {
    const env = file();
    const started = Date.now();
    const companyAdmin = await apiAs(env.origin, demo.companyAdmin);
    const order = await placeOrder(companyAdmin, [{ sku: 'PPE-00012', quantity: 3 }]);
    expect(order.status).toBe('confirmed');
    // Net terms: the invoice is issued when the payment is captured, on shipping.
    const staff = await apiAs(env.origin, platformAdmin);
    const shipped = await staff('POST', `/admin/orders/${order.id}/ship`, {
      carrier: 'DHL',
      trackingNumber: 'JJD000123',
    });
    expect(shipped.status).toBe(200);
    const invoice = await pollUntil(
      async () => {
        const page = (await (await companyAdmin('GET', '/invoices?limit=100')).json()) as {
          items: { orderId: string; number: string; amount: { amount: string; currency: string } }[];
        };
        return page.items.find((i) => i.orderId === order.id);
      },
      { timeoutMs: 20_000, intervalMs: 200, message: `the invoice of ${order.orderNumber}` },
    );
    expect(invoice.amount).toEqual(order.total);

    // A buyer: no invoices in the navigation, and the address itself is refused.
    const buyerPage = await env.newPage();
    await signIn(buyerPage, env.origin, demo.buyer);
    expect(await buyerPage.getByRole('link', { name: 'Invoices' }).count()).toBe(0);
    await buyerPage.goto(`${env.origin}/invoices`);
    await buyerPage.getByRole('alert').waitFor();
    expect(await buyerPage.getByText(invoice.number).count()).toBe(0);
    await record(buyerPage, 'orders-01-invoices-buyer-refused');

    const page = await env.newPage();
    await signIn(page, env.origin, demo.companyAdmin);
    await page.getByRole('link', { name: 'Invoices' }).click();
    const row = page
      .getByRole('table', { name: 'Invoices' })
      .getByRole('row')
      .filter({ hasText: invoice.number });
    await row.waitFor();
    expect(await row.getByRole('cell', { name: formatMoney(invoice.amount), exact: true }).count()).toBe(1);
    expect(await row.getByRole('cell', { name: 'Open', exact: true }).count()).toBe(1);
    await record(page, 'orders-02-invoices');
    // The status filter: the open invoice is not among the paid ones.
    await page.getByLabel('Status').selectOption('paid');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=paid/);
    await expect.poll(() => row.count()).toBe(0);
    await page.getByLabel('Status').selectOption('open');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await row.waitFor();
    await record(page, 'orders-03-invoices-open');
    // The invoice links to its order.
    await row.getByRole('link', { name: `Order of ${invoice.number}` }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${order.orderNumber}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Shipped' }).waitFor();
    // A shipped order can no longer be cancelled (the next journey cancels a confirmed one).
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await record(page, 'orders-04-invoiced-order');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('a buyer cancels a confirmed order from its page, then orders it again: the cart gets the lines back', async () => {
    const env = file();
    const started = Date.now();
    const buyer = await apiAs(env.origin, demo.buyer);
    const order = await placeOrder(buyer, [
      { sku: 'PPE-00012', quantity: 2 },
      { sku: 'PPE-00016', quantity: 1 },
    ]);
    expect(order.status).toBe('confirmed');
    const page = await env.newPage();
    await signIn(page, env.origin, demo.buyer);

    // The orders list, filtered to confirmed ones, leads to the order.
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByLabel('Status').selectOption('confirmed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=confirmed/);
    await page.getByRole('table', { name: 'Orders' }).getByRole('link', { name: order.orderNumber }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${order.orderNumber}` }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Confirmed' }).waitFor();
    await record(page, 'orders-05-confirmed-order');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('status').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await record(page, 'orders-06-cancelled');
    expect(((await (await buyer('GET', `/orders/${order.id}`)).json()) as { status: string }).status).toBe(
      'cancelled',
    );

    // The cart is empty (checkout emptied it) until the reorder copies the two lines into it.
    await page.getByRole('link', { name: 'Cart', exact: true }).click();
    await page.getByText('Your cart is empty.').waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'Order again' }).click();
    await page.getByRole('status').filter({ hasText: '2 of 2 lines copied into your cart.' }).waitFor();
    await record(page, 'orders-07-reordered');
    await page.getByRole('link', { name: 'Go to the cart' }).click();
    const lines = page.getByRole('table', { name: 'Cart lines' }).locator('tbody tr');
    await expect.poll(() => lines.count()).toBe(2);
    const steppers = await page.getByRole('textbox', { name: /^Quantity of / }).all();
    expect(await Promise.all(steppers.map((stepper) => stepper.inputValue()))).toEqual(['2', '1']);
    expect(await page.getByText('SKU PPE-00012').count()).toBe(1);
    expect(await page.getByText('SKU PPE-00016').count()).toBe(1);
    await record(page, 'orders-08-cart-after-reorder');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);

  it('an approver rejects an over-limit order with a reason (none is refused); the buyer reads the reason', async () => {
    const env = file();
    const started = Date.now();
    const buyer = await apiAs(env.origin, demo.buyer);
    // 80 safety boots: far over the buyer's 5,000.00 EUR limit.
    const order = await placeOrder(buyer, [{ sku: 'PPE-00016', quantity: 80 }]);
    expect(order.status).toBe('awaiting_approval');
    const reason = 'Over this quarter’s boots budget: order 40 now, 40 in July';

    const approverPage = await env.newPage();
    await signIn(approverPage, env.origin, demo.approver);
    await approverPage.getByRole('link', { name: 'Approvals' }).click();
    const card = approverPage.getByRole('listitem').filter({
      has: approverPage.getByRole('heading', { name: `Order ${order.orderNumber}` }),
    });
    await card.waitFor();
    await card.getByRole('button', { name: `Reject ${order.orderNumber}` }).click();
    const reasonField = card.getByLabel(`Reason for rejecting ${order.orderNumber}`);
    // Without a reason the rejection is not sent: the field says so and the order still waits.
    await card.getByRole('button', { name: 'Reject order' }).click();
    await expect.poll(() => reasonField.getAttribute('aria-invalid')).toBe('true');
    await card.getByText('Write the reason the buyer will read.').waitFor();
    await record(approverPage, 'orders-09-reject-needs-reason');
    expect(((await (await buyer('GET', `/orders/${order.id}`)).json()) as { status: string }).status).toBe(
      'awaiting_approval',
    );
    await reasonField.fill(reason);
    await card.getByRole('button', { name: 'Reject order' }).click();
    await approverPage
      .getByRole('status')
      .filter({ hasText: `Order ${order.orderNumber} rejected` })
      .waitFor();
    await expect.poll(() => card.count()).toBe(0);
    await record(approverPage, 'orders-10-rejected');

    const buyerPage = await env.newPage();
    await signIn(buyerPage, env.origin, demo.buyer);
    await buyerPage.goto(`${env.origin}/orders/${order.id}`);
    await buyerPage.getByRole('status').filter({ hasText: 'Rejected' }).waitFor();
    await buyerPage.getByText(`Not approved: ${reason}`).waitFor();
    expect(await buyerPage.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await record(buyerPage, 'orders-11-buyer-sees-reason');
    expect(Date.now() - started).toBeLessThan(journeyBudgetMs);
  }, 120_000);
});
