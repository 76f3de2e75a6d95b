import {
  authPlugin,
  companyScope,
  createLocalJWKSet,
  createTokenVerifier,
  requireAuth,
  requireCompanyRole,
  requireRole,
} from '@b2b/shared/auth';
import { createService, problemResponses, type ServiceApp } from '@b2b/shared/http';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mint, newSigningKey, nowSec, type SigningKey } from './auth/helpers.ts';

let key: SigningKey;
let app: ServiceApp;

const Caller = Type.Object(
  { userId: Type.Union([Type.String(), Type.Null()]), companyId: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

beforeAll(async () => {
  key = await newSigningKey('EdDSA');
  const verifier = createTokenVerifier({ keys: createLocalJWKSet({ keys: [key.publicJwk] }) });
  app = createService({ name: 'demo' });
  await app.register(authPlugin, { verifier });
  const schema = { response: { 200: Caller, ...problemResponses } };
  app.get('/products', { schema }, async (request) => ({ userId: request.auth?.id ?? null }));
  app.get('/users/me', { schema, preHandler: requireAuth }, async (request) => ({
    userId: request.auth!.id,
  }));
  app.get('/admin/users', { schema, preHandler: requireRole('admin') }, async (request) => ({
    userId: request.auth!.id,
  }));
  app.get(
    '/orders/pending-approval',
    { schema, preHandler: requireCompanyRole('company_admin', 'approver') },
    async (request) => ({ userId: request.auth!.id, ...companyScope(request) }),
  );
  app.get('/orders', { schema, preHandler: requireAuth }, async (request) => ({
    userId: request.auth!.id,
    ...companyScope(request),
  }));
});
afterAll(async () => {
  await app.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('authPlugin', () => {
  it('serves public routes anonymously, even with a bad or expired token', async () => {
    const anonymous = await app.inject({ url: '/products' });
    expect(anonymous.json()).toEqual({ userId: null });
    const garbage = await app.inject({ url: '/products', headers: bearer('garbage') });
    expect(garbage.statusCode).toBe(200);
    expect(garbage.json()).toEqual({ userId: null });
    const expired = await mint(key, { iat: nowSec() - 3600, exp: nowSec() - 60 });
    expect((await app.inject({ url: '/products', headers: bearer(expired) })).statusCode).toBe(200);
  });

  it('sets request.auth from a valid bearer token', async () => {
    const res = await app.inject({ url: '/products', headers: bearer(await mint(key, { sub: 'u-9' })) });
    expect(res.json()).toEqual({ userId: 'u-9' });
  });

  it('requireAuth: 401 without a token, with the precise reason for a bad one', async () => {
    const none = await app.inject({ url: '/users/me' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.json().code).toBe('UNAUTHENTICATED');

    const expired = await mint(key, { iat: nowSec() - 3600, exp: nowSec() - 60 });
    const res = await app.inject({ url: '/users/me', headers: bearer(expired) });
    expect([res.statusCode, res.json().code]).toEqual([401, 'TOKEN_EXPIRED']);

    const basic = await app.inject({ url: '/users/me', headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect([basic.statusCode, basic.json().code]).toEqual([401, 'INVALID_TOKEN']);

    const ok = await app.inject({ url: '/users/me', headers: bearer(await mint(key, { sub: 'u-1' })) });
    expect([ok.statusCode, ok.json()]).toEqual([200, { userId: 'u-1' }]);
  });

  it('requireRole: 401 without a user, 403 without the role', async () => {
    expect((await app.inject({ url: '/admin/users' })).statusCode).toBe(401);
    const buyer = await app.inject({ url: '/admin/users', headers: bearer(await mint(key, { roles: [] })) });
    expect([buyer.statusCode, buyer.json().code]).toEqual([403, 'ROLE_REQUIRED']);
    const admin = await app.inject({
      url: '/admin/users',
      headers: bearer(
        await mint(key, { sub: 'staff-1', roles: ['admin'], companyId: null, companyRole: null }),
      ),
    });
    expect(admin.statusCode).toBe(200);
  });

  it('requireCompanyRole: only the listed company roles pass, scoped to their company', async () => {
    expect((await app.inject({ url: '/orders/pending-approval' })).statusCode).toBe(401);
    const buyer = await app.inject({
      url: '/orders/pending-approval',
      headers: bearer(await mint(key, { companyRole: 'buyer' })),
    });
    expect([buyer.statusCode, buyer.json().code]).toEqual([403, 'COMPANY_ROLE_REQUIRED']);
    const approver = await app.inject({
      url: '/orders/pending-approval',
      headers: bearer(await mint(key, { sub: 'a-1', companyId: 'acme', companyRole: 'approver' })),
    });
    expect([approver.statusCode, approver.json()]).toEqual([200, { userId: 'a-1', companyId: 'acme' }]);
    // A platform admin is not a company approver.
    const admin = await app.inject({
      url: '/orders/pending-approval',
      headers: bearer(await mint(key, { roles: ['admin'], companyId: null, companyRole: null })),
    });
    expect(admin.statusCode).toBe(403);
  });

  it('companyScope: the caller company only; 403 for a user without a company', async () => {
    const member = await app.inject({
      url: '/orders',
      headers: bearer(await mint(key, { sub: 'b-1', companyId: 'globex', companyRole: 'buyer' })),
    });
    expect(member.json()).toEqual({ userId: 'b-1', companyId: 'globex' });
    const loner = await app.inject({
      url: '/orders',
      headers: bearer(await mint(key, { companyId: null, companyRole: null })),
    });
    expect([loner.statusCode, loner.json().code]).toEqual([403, 'COMPANY_REQUIRED']);
  });
});
