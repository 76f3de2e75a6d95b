/**
 * Steps the admin dashboard's browser tests share (admin-journey, admin-screens): a buyer's
 * confirmed card order to ship and refund, signing in through the form, and recording a page
 * (screenshot + axe-core) while watching for CSP refusals.
 * API calls and people (companies, platform admins) are the test kit's (`@b2b/test-kit/api`, `/accounts`).
 */
import { randomUUID } from 'node:crypto';
import { pollUntil } from '@b2b/test-kit';
import { callApi } from '@b2b/test-kit/api';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot, seriousViolations } from './browser-platform.ts';

/**
 * The buyer orders `quantity` of `sku` through the API, paying by card (the sandbox's succeeding
 * token); answers the order once it is confirmed (payment authorized, stock reserved).
 */
export async function placeConfirmedCardOrder(
  origin: string,
  buyer: { token: string },
  sku: string,
  quantity: number,
  // biome-ignore lint/suspicious/noExplicitAny: the order as the API answers it; the tests assert its fields.
): Promise<any> {
  const added = await callApi(origin, 'POST', '/cart/items', { token: buyer.token, body: { sku, quantity } });
  expect(added.status).toBe(201);
  const placed = await callApi(origin, 'POST', '/orders', {
    token: buyer.token,
    headers: { 'idempotency-key': randomUUID() },
    body: {
      shippingAddress: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      paymentMethod: 'card',
      cardToken: 'tok_visa',
    },
  });
  expect(placed.status).toBe(201);
  // What the order looked like last, for the failure message (status, reasons, saga steps).
  let last: unknown;
  return pollUntil(
    async () => {
      const res = await callApi(origin, 'GET', `/orders/${placed.body.id}`, { token: buyer.token });
      last = {
        status: res.body?.status,
        approvalReasons: res.body?.approvalReasons,
        paymentStatus: res.body?.paymentStatus,
      };
      return res.body?.status === 'confirmed' ? res.body : undefined;
    },
    // 90 s: a card order of a just-registered company was held as `buyer_unknown` for good when
    // the checkout came before member.updated (fixed: read-through, re-decision, member lock).
    // At 30 s one CI run still timed out with those fixes in but without the member lock; until
    // CI shows it never does, the allowance stays (see the session note).
    { timeoutMs: 90_000, message: `order ${placed.body.orderNumber} confirmed` },
  ).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}; the order last: ${JSON.stringify(last)}`);
  });
}

/** Through the app's own sign-in form, on the page it is showing. */
export async function signInForm(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Screenshot (kept as a CI artifact, `admin-<name>.png`) and axe: the serious and critical violations. */
export async function visit(page: Page, name: string): Promise<string[]> {
  await screenshot(page, `admin-${name}`);
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

/** Collects every CSP refusal the page logs into `into` (the strict CSP must refuse nothing). */
export function watchCsp(page: Page, into: string[]): void {
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) into.push(`${page.url()}: ${msg.text()}`);
  });
}
