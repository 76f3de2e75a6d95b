/**
 * The two companies the authorization checks need, built through the API of a running platform as
 * people would build them: Acme (company A, the demo seed's) owns one object of every kind a
 * route addresses by id; Globex (company B) tries to reach them with its company admin and with
 * a buyer it invites (the set-password link read from the local mailbox, as the invitee would).
 */
import { pollUntil } from '@b2b/test-kit/poll';
import { demoAccounts, type Json, type RunningPlatform } from '../../e2e-npm-start/support/npm-start.ts';

export const eur = (amount: string) => ({ amount, currency: 'EUR' });
export const shippingAddress = { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

export interface Caller {
  readonly label: string;
  readonly token: string;
  /** Its own client address (see ApiOptions.clientIp). */
  readonly clientIp: string;
}

/** The ids of company A's objects, one of each kind. */
export interface CompanyAObjects {
  /** Awaiting approval (so approve, reject and cancel would all change it). */
  orderId: string;
  /** A shipped order's: its payment (captured) and invoice (open). */
  paymentId: string;
  invoiceId: string;
  quoteId: string;
  shoppingListId: string;
  shoppingListItemId: string;
  cartItemId: string;
  addressId: string;
  notificationId: string;
  /** The buyer, as a member of company A. */
  memberId: string;
  sku: string;
}

export interface Tenants {
  platformAdmin: Caller;
  aAdmin: Caller;
  aBuyer: Caller;
  bAdmin: Caller;
  bBuyer: Caller;
  a: CompanyAObjects;
  call(
    who: Caller | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): ReturnType<RunningPlatform['api']>;
}

function expectStatus(res: { status: number; body: Json }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function buildTenants(platform: RunningPlatform): Promise<Tenants> {
  const caller = async (label: string, who: { email: string; password: string }, clientIp: string) => ({
    label,
    clientIp,
    token: await platform.login(who.email, who.password, clientIp),
  });
  const call: Tenants['call'] = (who, method, path, body, headers) =>
    platform.api(method, path, {
      token: who?.token,
      clientIp: who?.clientIp ?? '198.51.100.99',
      body,
      headers,
    });

  const platformAdmin = await caller('platform admin', demoAccounts.platformAdmin, '198.51.100.1');
  const aAdmin = await caller('A company_admin', demoAccounts.acmeAdmin, '198.51.100.2');
  const aBuyer = await caller('A buyer', demoAccounts.acmeBuyer, '198.51.100.3');
  const bAdmin = await caller('B company_admin', demoAccounts.globexAdmin, '198.51.100.4');

  // Company B's buyer: invited by B's admin, password set from the emailed link.
  const bBuyerEmail = `buyer.${Date.now().toString(36)}@globex.example`;
  const invited = await call(bAdmin, 'POST', '/companies/me/members', {
    email: bBuyerEmail,
    name: 'Gus Buyer',
    companyRole: 'buyer',
  });
  expectStatus(invited, 201, 'invite B buyer');
  const mail = await pollUntil(
    async () => {
      const box = await call(platformAdmin, 'GET', `/admin/mailbox/?to=${encodeURIComponent(bBuyerEmail)}`);
      return box.body.items?.find((m: Json) => /set-password\?token=/.test(m.text));
    },
    { timeoutMs: 20_000, intervalMs: 100, message: `invitation mail to ${bBuyerEmail}` },
  );
  const setPasswordToken = /set-password\?token=([\w-]+)/.exec(mail.text)![1];
  const bBuyerPassword = 'globex buyer passphrase';
  expectStatus(
    await call(undefined, 'POST', '/auth/password-reset/confirm', {
      token: setPasswordToken,
      newPassword: bBuyerPassword,
    }),
    204,
    'B buyer sets a password',
  );
  const bBuyer = await caller('B buyer', { email: bBuyerEmail, password: bBuyerPassword }, '198.51.100.5');

  // Company A's objects.
  const sku = `OWASP-${Date.now().toString(36)}`.toUpperCase();
  expectStatus(
    await call(platformAdmin, 'POST', '/admin/products', {
      sku,
      name: `Security part ${sku}`,
      listPrice: eur('4000.00'),
      status: 'active',
    }),
    201,
    'product',
  );
  expectStatus(await call(platformAdmin, 'PUT', `/admin/inventory/${sku}`, { onHand: 100 }), 200, 'stock');
  await call(aBuyer, 'DELETE', '/cart');

  const placeOrder = async (quantity: number) => {
    expectStatus(await call(aBuyer, 'POST', '/cart/items', { sku, quantity }), 201, 'cart item');
    const placed = await call(
      aBuyer,
      'POST',
      '/orders',
      { shippingAddress, paymentMethod: 'invoice' },
      { 'idempotency-key': `owasp-${sku}-${quantity}` },
    );
    expectStatus(placed, 201, 'order');
    return placed.body;
  };
  // One unit (4,760 EUR with VAT and shipping) is within the buyer's 5,000 limit: confirmed, then shipped.
  const shippedOrder = await placeOrder(1);
  await pollUntil(
    async () => (await call(aBuyer, 'GET', `/orders/${shippedOrder.id}`)).body.status === 'confirmed',
    { timeoutMs: 20_000, intervalMs: 100, message: 'A order confirmed' },
  );
  expectStatus(
    await call(platformAdmin, 'POST', `/admin/orders/${shippedOrder.id}/ship`, {
      carrier: 'DHL',
      trackingNumber: 'OWASP0001',
    }),
    200,
    'ship',
  );
  const invoice = await pollUntil(
    async () =>
      (await call(aAdmin, 'GET', '/invoices/?limit=100')).body.items?.find(
        (i: Json) => i.orderId === shippedOrder.id,
      ),
    { timeoutMs: 20_000, intervalMs: 100, message: 'invoice of the shipped order' },
  );
  // Two units are over the limit: this one waits for approval.
  const waiting = await placeOrder(2);
  if (waiting.status !== 'awaiting_approval')
    throw new Error(`expected awaiting_approval: ${waiting.status}`);

  const quote = await call(aBuyer, 'POST', '/quotes', { items: [{ sku, quantity: 5 }], note: 'owasp' });
  expectStatus(quote, 201, 'quote');
  const list = await call(aBuyer, 'POST', '/shopping-lists', { name: 'Monthly', shared: true });
  expectStatus(list, 201, 'shopping list');
  const listItem = await call(aBuyer, 'POST', `/shopping-lists/${list.body.id}/items`, { sku, quantity: 1 });
  expectStatus(listItem, 201, 'shopping list item');
  const cart = await call(aBuyer, 'POST', '/cart/items', { sku, quantity: 1 });
  expectStatus(cart, 201, 'cart item left in the cart');
  const address = await call(aBuyer, 'POST', '/users/me/addresses', {
    label: 'Plant',
    ...shippingAddress,
    isDefault: false,
  });
  expectStatus(address, 201, 'address');
  const notification = await pollUntil(
    async () => (await call(aBuyer, 'GET', '/notifications/?unread=true&limit=100')).body.items?.[0],
    { timeoutMs: 20_000, intervalMs: 100, message: 'an in-app notification of the A buyer' },
  );
  const me = await call(aBuyer, 'GET', '/users/me');
  const payments = await call(aBuyer, 'GET', `/payments/?orderId=${shippedOrder.id}`);

  return {
    platformAdmin,
    aAdmin,
    aBuyer,
    bAdmin,
    bBuyer,
    call,
    a: {
      orderId: waiting.id,
      paymentId: payments.body.items[0].id,
      invoiceId: invoice.id,
      quoteId: quote.body.id,
      shoppingListId: list.body.id,
      shoppingListItemId: (listItem.body.items ?? []).at(-1)?.id ?? listItem.body.id,
      cartItemId: cart.body.items.find((i: Json) => i.sku === sku).id,
      addressId: address.body.id,
      notificationId: notification.id,
      memberId: me.body.id,
      sku,
    },
  };
}
