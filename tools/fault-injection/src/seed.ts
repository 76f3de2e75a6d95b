/**
 * What the run needs, made through the public API as people would: the local platform admin
 * (the user service's seed) creates products with stock and gives a newly registered company net
 * terms and credit; its admin invites buyers, who set a password from the invitation and log in.
 * The database is read only for the invitation token (the emailed link) and to wait until the
 * order service knows the buyers (a checkout before that would wait for approval).
 */
import { pollUntil } from '@b2b/test-kit/poll';
import type { Db } from 'mongodb';
import { type Api, expectStatus } from './api.ts';

export interface Buyer {
  readonly userId: string;
  readonly email: string;
  readonly token: string;
  /** For runs longer than an access token lives (15 min): POST /auth/refresh. */
  readonly refreshToken: string;
}

export interface Seeded {
  readonly adminToken: string;
  readonly adminRefreshToken: string;
  readonly companyId: string;
  readonly companyAdminToken: string;
  readonly buyers: readonly Buyer[];
  /** sku → the stock it was given. */
  readonly stock: ReadonlyMap<string, number>;
  readonly unitPrice: string;
}

export const localAdmin = { email: 'admin@b2b.local', password: 'local-admin-passphrase' };

export async function seed(
  api: Api,
  dbs: { user: Db; order: Db },
  opts: { buyers: number; skus: number; onHand: number; creditLimit: string; unitPrice: string },
): Promise<Seeded> {
  const run = Date.now().toString(36);
  const login = async (email: string, password: string) => {
    const session = expectStatus(
      await api('POST', '/auth/login', { body: { email, password } }),
      200,
      `login ${email}`,
    );
    return { token: session.accessToken as string, refreshToken: session.refreshToken as string };
  };
  const admin = await login(localAdmin.email, localAdmin.password);
  const adminToken = admin.token;

  const stock = new Map<string, number>();
  for (let i = 0; i < opts.skus; i++) {
    const sku = `FAULT-${run}-${i}`.toUpperCase();
    expectStatus(
      await api('POST', '/admin/products', {
        token: adminToken,
        body: {
          sku,
          name: `Fault part ${i}`,
          listPrice: { amount: opts.unitPrice, currency: 'EUR' },
          status: 'active',
        },
      }),
      201,
      `create ${sku}`,
    );
    expectStatus(
      await api('PUT', `/admin/inventory/${sku}`, { token: adminToken, body: { onHand: opts.onHand } }),
      200,
      `stock ${sku}`,
    );
    stock.set(sku, opts.onHand);
  }

  const registered = expectStatus(
    await api('POST', '/auth/register', {
      body: {
        email: `admin.${run}@faults.example`,
        password: `fault run passphrase ${run}`,
        name: 'Fault Admin',
        companyName: `Fault Injection ${run}`,
      },
    }),
    201,
    'register the company',
  );
  const companyId = registered.company.id as string;
  const companyAdminToken = registered.accessToken as string;
  expectStatus(
    await api('PATCH', `/admin/companies/${companyId}`, {
      token: adminToken,
      body: { paymentTerms: 'net30', creditLimit: { amount: opts.creditLimit, currency: 'EUR' } },
    }),
    200,
    'set credit terms',
  );
  await pollUntil(
    async () => {
      const credit = await api('GET', '/companies/me/credit', { token: companyAdminToken });
      return credit.body?.paymentTerms === 'net30' && credit.body.creditLimit?.amount === opts.creditLimit;
    },
    { timeoutMs: 30_000, intervalMs: 250, message: 'credit terms applied by the payment service' },
  );

  const buyers: Buyer[] = [];
  for (let i = 0; i < opts.buyers; i++) {
    const email = `buyer${i}.${run}@faults.example`;
    const invited = expectStatus(
      await api('POST', '/companies/me/members', {
        token: companyAdminToken,
        body: { email, name: `Buyer ${i}`, companyRole: 'buyer' },
      }),
      201,
      `invite ${email}`,
    );
    const userId = invited.id as string;
    const event = await pollUntil(
      () => dbs.user.collection('outbox').findOne({ type: 'user.invited', 'event.data.userId': userId }),
      { timeoutMs: 15_000, message: `user.invited of ${email}` },
    );
    const password = `buyer passphrase ${run} ${i}`;
    expectStatus(
      await api('POST', '/auth/password-reset/confirm', {
        body: { token: event.event.data.setPasswordToken, newPassword: password },
      }),
      204,
      `set the password of ${email}`,
    );
    buyers.push({ userId, email, ...(await login(email, password)) });
  }
  for (const buyer of buyers)
    await pollUntil(
      () =>
        dbs.order.collection('member_projections').findOne({ _id: buyer.userId as never, status: 'active' }),
      { timeoutMs: 30_000, message: `${buyer.email} known to the order service` },
    );
  return {
    adminToken,
    adminRefreshToken: admin.refreshToken,
    companyId,
    companyAdminToken,
    buyers,
    stock,
    unitPrice: opts.unitPrice,
  };
}
