/**
 * Set-up for the portal's account journeys: a fresh company registered through the API (its own
 * members, orders and inbox, so a test's counts are its own), and the link of an email in the
 * local mailbox (what a person clicks in the message), read as the seeded platform admin.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit';
import type { Platform } from '@b2b/test-kit/platform';
import { afterAll, beforeAll } from 'vitest';
import { type BrowserPlatform, hasChromium, startBrowserPlatform } from './browser-platform.ts';

/** The seeded platform admin (services/user/src/demo-data.ts): reads the local mailbox. */
export const platformAdmin = { email: 'admin@b2b.local', password: 'local-admin-passphrase' } as const;

export interface Registered {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly companyName: string;
  readonly userId: string;
}

/** A new person and company, unique per call (`kind` shows in the names for screenshots). */
export function newPerson(kind: string) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `${kind}.${tag}@example.com`,
    password: `a sturdy passphrase ${tag}`,
    name: `${kind[0]?.toUpperCase()}${kind.slice(1)} ${tag}`,
    companyName: `${kind} works ${tag}`,
  };
}

/** Registers a company through the API and waits until the order service knows its admin. */
export async function registerCompany(origin: string, platform: Platform, kind: string): Promise<Registered> {
  const person = newPerson(kind);
  const res = await fetch(`${origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(person),
  });
  if (res.status !== 201) throw new Error(`registering ${person.email} answered ${res.status}`);
  const userId = ((await res.json()) as { user: { id: string } }).user.id;
  await memberKnownToOrders(platform, userId);
  return { ...person, userId };
}

/** member.updated reaches the order service over the bus; a member orders only once it has. */
export async function memberKnownToOrders(platform: Platform, userId: string): Promise<void> {
  await pollUntil(
    () =>
      platform
        .db('order')
        .collection('member_projections')
        .findOne({ _id: userId as never }),
    { timeoutMs: 20_000, intervalMs: 100, message: `member ${userId} known to the order service` },
  );
}

async function tokenOf(origin: string, who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`login of ${who.email} answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * The app path of the newest email to `to` whose text holds a `pathPrefix?token=…` link, e.g.
 * `/reset-password?token=…`, waiting for it to arrive (the notification service reads the event
 * from the bus). Only the path is kept: the message's host is PUBLIC_BASE_URL, not the test's origin.
 */
export async function mailboxLink(origin: string, to: string, pathPrefix: string): Promise<string> {
  const token = await tokenOf(origin, platformAdmin);
  const pattern = new RegExp(`${pathPrefix.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_%-]+`);
  return pollUntil(
    async () => {
      const res = await fetch(`${origin}/api/v1/admin/mailbox?to=${encodeURIComponent(to)}&limit=20`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`the mailbox answered ${res.status}`);
      const { items } = (await res.json()) as { items: { text: string }[] };
      for (const message of items) {
        const found = pattern.exec(message.text);
        if (found) return found[0];
      }
      return undefined;
    },
    { timeoutMs: 20_000, intervalMs: 200, message: `an email to ${to} with a ${pathPrefix} link` },
  );
}

/** What apiAs (portal-pages.ts) returns: an API call as one signed-in user. */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<Response>;

export interface PlacedOrder {
  readonly id: string;
  readonly orderNumber: string;
  readonly status: string;
  readonly total: { amount: string; currency: string };
}

export const berlin = { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' } as const;

/**
 * An order placed through the API for the set-up a journey is not about: the cart emptied, the
 * lines added, checkout with `payment` (invoice by default), and the order once it left `pending`
 * (the saga reserves stock and authorizes the payment).
 */
export async function placeOrder(
  api: ApiCall,
  lines: readonly { sku: string; quantity: number }[],
  payment: Record<string, string> = { paymentMethod: 'invoice' },
): Promise<PlacedOrder> {
  await (await api('DELETE', '/cart')).body?.cancel();
  for (const line of lines) {
    const added = await api('POST', '/cart/items', line);
    if (added.status >= 300)
      throw new Error(`adding ${line.sku} answered ${added.status}: ${await added.text()}`);
  }
  const placed = await api('POST', '/orders', { shippingAddress: berlin, ...payment });
  if (placed.status !== 201) throw new Error(`checkout answered ${placed.status}: ${await placed.text()}`);
  const { id } = (await placed.json()) as PlacedOrder;
  return pollUntil(
    async () => {
      const order = (await (await api('GET', `/orders/${id}`)).json()) as PlacedOrder;
      return order.status === 'pending' ? undefined : order;
    },
    { timeoutMs: 20_000, intervalMs: 100, message: `order ${id} decided` },
  );
}

/**
 * One platform for a test file (starting it is most of the cost): started before the file's
 * tests with only `services` (fewer processes come up sooner on a shared two-core machine),
 * stopped after them. Each test reads it with the returned function.
 */
export function platformPerFile(port: number, services: readonly ServiceName[]): () => BrowserPlatform {
  let env: BrowserPlatform | undefined;
  beforeAll(async () => {
    if (!hasChromium) return;
    // Services compiled at once on a shared machine: give each time to come up.
    env = await startBrowserPlatform({ port, services, readyTimeoutMs: 300_000 });
  }, 600_000);
  afterAll(async () => {
    await env?.stop();
  }, 60_000);
  return () => {
    if (!env) throw new Error('the browser platform has not started');
    return env;
  };
}
