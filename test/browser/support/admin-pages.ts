/**
 * Steps the admin dashboard's browser tests share (admin-journey, admin-screens): API calls for
 * set-up, registering people, promoting one to platform admin, signing in through the form, and
 * recording a page (screenshot + axe-core) while watching for CSP refusals.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { type BrowserPlatform, screenshot, seriousViolations } from './browser-platform.ts';

export interface ApiAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test set-up reads fields of many answer shapes.
  readonly body: any;
}

/** A JSON call to `${origin}/api/v1${route}`. */
export async function callApi(
  origin: string,
  method: string,
  route: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
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

export interface Person {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly companyName: string;
  readonly token: string;
}

/** A newly registered company_admin of a new company (`kind` makes the names readable). */
export async function register(origin: string, kind: string): Promise<Person> {
  const tag = randomUUID().slice(0, 8);
  const person = {
    email: `${kind}.${tag}@example.com`,
    password: `a sturdy passphrase ${tag}`,
    name: `${kind} ${tag}`,
    companyName: `${kind} firm ${tag}`,
  };
  const res = await callApi(origin, 'POST', '/auth/register', { body: person });
  expect(res.status).toBe(201);
  return { ...person, token: res.body.accessToken as string };
}

/** A registered user promoted to platform admin by an operator (the user database); a fresh token. */
export async function registerAdmin(env: BrowserPlatform): Promise<Person> {
  const admin = await register(env.origin, 'admin');
  await env.platform
    .db('user')
    .collection('users')
    .updateOne({ email: admin.email }, { $set: { roles: ['admin'] } });
  // The registration's token predates the role: log in again for one that carries it.
  const login = await callApi(env.origin, 'POST', '/auth/login', {
    body: { email: admin.email, password: admin.password },
  });
  expect(login.status).toBe(200);
  return { ...admin, token: login.body.accessToken as string };
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
