/**
 * The customer portal in a real browser over the whole local platform (the browser harness):
 * signed in with the cookie session, kept across a reload by the silent refresh, an API outage
 * shown as an error with a retry (never a blank page) that recovers, and axe-core on every page.
 * Ports: 42300-42309 (this workspace's range).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserPlatform,
  expectAccessible,
  hasChromium,
  screenshot,
  startBrowserPlatform,
} from './support/browser-platform.ts';

let env: BrowserPlatform;

beforeAll(async () => {
  if (hasChromium) env = await startBrowserPlatform({ port: 42300 });
}, 240_000);

afterAll(async () => {
  await env?.stop();
}, 60_000);

describe.runIf(hasChromium)('customer portal in Chromium', () => {
  it('signs in with the cookie session, survives a reload, shows a catalog outage with a retry that recovers', async () => {
    const reg = {
      email: `buyer-${randomUUID().slice(0, 8)}@example.com`,
      password: 'a long enough passphrase',
      name: 'Browser Buyer',
      companyName: `Browser Co ${randomUUID().slice(0, 6)}`,
    };
    const registered = await fetch(`${env.origin}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reg),
    });
    expect(registered.status).toBe(201);
    const page = await env.newPage();
    const cspErrors: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
    });

    await page.goto(`${env.origin}/catalog/anything`);
    await page.getByLabel('Email').waitFor();
    await screenshot(page, 'session-sign-in');
    await expectAccessible(page);

    // Wrong password first: the API's message is shown, no session.
    await page.getByLabel('Email').fill(reg.email);
    await page.getByLabel('Password').fill('not the right passphrase');
    await page.getByRole('button', { name: 'Sign in' }).press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /incorrect/i })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    await page.getByLabel('Password').fill(reg.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'b2b_refresh');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    // The access token is in memory only: nothing in storage a later script could read.
    expect(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')).toBe('{}');

    // The seeded catalog shows products, and the session survives a reload (silent refresh).
    await page.goto(`${env.origin}/`);
    await page.locator('.product-card').first().waitFor();
    await page.reload();
    await page.locator('.product-card').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await screenshot(page, 'session-catalog');
    await expectAccessible(page);

    // The catalog service goes away: an error message and a retry, never a blank page…
    await env.platform.kill('product');
    await page.reload();
    await page.getByRole('button', { name: 'Try again' }).first().waitFor();
    expect(await page.locator('.product-card').count()).toBe(0);
    await screenshot(page, 'session-catalog-outage');
    await expectAccessible(page);
    // …and once it is back, the retry shows the products again.
    await env.platform.restart('product');
    // Categories and products each show their own retry.
    const retry = page.getByRole('button', { name: 'Try again' });
    while ((await retry.count()) > 0) await retry.first().click();
    await page.locator('.product-card').first().waitFor();
    expect(cspErrors).toEqual([]);

    // Signing out clears the cookie: a reload shows the sign-in form.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    expect((await page.context().cookies()).some((c) => c.name === 'b2b_refresh')).toBe(false);
    await page.reload();
    await page.getByLabel('Email').waitFor();
  }, 120_000);
});
