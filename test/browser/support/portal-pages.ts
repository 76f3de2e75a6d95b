/**
 * Steps every portal journey takes: sign in through the form, record a page (a screenshot and
 * axe-core), and API calls as a demo user for the set-up a journey is not about.
 */
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot } from './browser-platform.ts';

/** The demo accounts of the user service's seed (services/user/src/demo-data.ts). */
export const demo = {
  buyer: { email: 'buyer@acme.example', password: 'local-demo-passphrase' },
  approver: { email: 'approver@acme.example', password: 'local-demo-passphrase' },
  companyAdmin: { email: 'admin@acme.example', password: 'local-demo-passphrase' },
} as const;

/** Screenshot of the page as it is, then axe-core: no serious or critical violation. */
export async function record(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page);
}

export async function signIn(page: Page, origin: string, who: { email: string; password: string }) {
  await page.goto(`${origin}/`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A bearer token for API-only set-up steps (the browser keeps its own cookie session). */
export async function apiAs(origin: string, who: { email: string; password: string }) {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`login of ${who.email} answered ${res.status}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return (method: string, path: string, body?: unknown) =>
    fetch(`${origin}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
