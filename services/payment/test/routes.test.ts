/**
 * A walk over every route of the payment service's OpenAPI document: each declares its responses
 * and answers a caller without a token with a problem+json 401 (the webhook: 400 without its
 * signature), never a 500.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentApp, startPaymentApp, startTestServer, type TestServer } from './support/payment-app.ts';

let server: TestServer;
let pay: PaymentApp;
beforeAll(async () => {
  server = await startTestServer();
  const stripe = new Stripe('sk_test_unused', { host: '127.0.0.1', port: 21899, protocol: 'http' });
  pay = await startPaymentApp(server, { stripeWebhook: { stripe, webhookSecret: 'whsec_test' } });
});
afterAll(async () => {
  await pay?.close();
  await server?.close();
});

type Operation = { responses?: Record<string, unknown>; security?: unknown[] };

describe('every route', () => {
  it('declares its responses and refuses an anonymous caller with problem+json', async () => {
    const doc = (await pay.call('GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    const business = routes.filter((r) => !r.path.startsWith('/health') && r.path !== '/openapi.json');
    expect(business.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /companies/me/credit',
      'GET /internal/credit',
      'GET /invoices/',
      'GET /invoices/{id}',
      'GET /payments/',
      'GET /payments/{id}',
      'POST /admin/invoices/{id}/mark-paid',
      'POST /admin/payments/{id}/refund',
      'POST /webhooks/stripe',
    ]);
    for (const { path, method, op } of business) {
      expect(Object.keys(op.responses ?? {}), `${method} ${path}`).toEqual(
        expect.arrayContaining(['200', '400']),
      );
      const url = path.replace('{id}', 'some-id') + (path === '/internal/credit' ? '?companyIds=c-1' : '');
      const res = await pay.call(method, url, method === 'POST' ? { body: {} } : {});
      expect(res.headers['content-type'], `${method} ${path}`).toContain('application/problem+json');
      expect(res.statusCode, `${method} ${path}`).toBe(path === '/webhooks/stripe' ? 400 : 401);
    }
  });

  it('a buyer gets 403 on admin routes and invoices, 200 on its own payments list (positive control)', async () => {
    const buyer = await pay.token({ companyId: 'c-1', companyRole: 'buyer' });
    expect((await pay.call('POST', '/admin/invoices/x/mark-paid', { token: buyer })).statusCode).toBe(403);
    expect((await pay.call('GET', '/invoices', { token: buyer })).statusCode).toBe(403);
    const own = await pay.call('GET', '/payments', { token: buyer });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ items: [], total: 0, page: 1, limit: 20 });
    // A user in no company reads no company's payments.
    const loner = await pay.token({});
    expect((await pay.call('GET', '/payments', { token: loner })).statusCode).toBe(403);
  });

  it('bad query parameters are 400 with the offending field', async () => {
    const admin = await pay.token({ admin: true });
    const res = await pay.call('GET', '/payments?limit=1000', { token: admin });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors?.[0]?.path).toContain('limit');
    expect((await pay.call('GET', '/invoices?status=lost', { token: admin })).statusCode).toBe(400);
    expect((await pay.call('GET', '/payments?limit=100', { token: admin })).statusCode).toBe(200);
  });
});
