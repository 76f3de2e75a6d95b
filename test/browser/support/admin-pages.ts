/**
 * Steps the admin dashboard's browser tests share (admin-journey, admin-screens): signing in
 * through the form, and recording a page (screenshot + axe-core) while watching for CSP refusals.
 * API calls and people (companies, platform admins) are the test kit's (`@b2b/test-kit/api`, `/accounts`).
 */
import type { Page } from 'playwright-core';
import { screenshot, seriousViolations } from './browser-platform.ts';

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
