/**
 * OWASP API Security Top 10 items for the identity surface, through the api-gateway (and, for
 * forged tokens, straight at the user service too: every service verifies tokens again).
 */
import { createPublicKey } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../../services/user/src/tokens/access-tokens.ts';
import { createKeySet, SigningKeyRing } from '../../services/user/src/tokens/signing-keys.ts';
import {
  type IdentityStack,
  newRegistration,
  startIdentityStack,
} from '../../services/user/test/support/identity-stack.ts';

let stack: IdentityStack;
beforeAll(async () => {
  stack = await startIdentityStack();
});
afterAll(async () => {
  await stack?.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function registerAndLogin() {
  const reg = newRegistration();
  const r = (await stack.api('POST', '/auth/register', { body: reg })).json();
  return {
    reg,
    user: r.user,
    company: r.company,
    accessToken: r.accessToken as string,
    refreshToken: r.refreshToken,
  };
}

async function inviteAndActivate(adminToken: string, companyRole: 'buyer' | 'approver' | 'company_admin') {
  const email = `member.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.com`;
  const member = (
    await stack.api('POST', '/companies/me/members', {
      token: adminToken,
      body: { email, name: 'Member', companyRole },
    })
  ).json();
  const event = await stack.waitForEvent('user.invited', (e) => e.data.userId === member.id);
  const password = 'member chosen passphrase 9';
  await stack.api('POST', '/auth/password-reset/confirm', {
    body: { token: event.data.setPasswordToken, newPassword: password },
  });
  const session = (await stack.api('POST', '/auth/login', { body: { email, password } })).json();
  return { member, accessToken: session.accessToken as string };
}

describe('forged and broken tokens → 401 at the gateway and at the service', () => {
  let valid: string;
  let claims: Record<string, unknown>;
  let kid: string;

  beforeAll(async () => {
    const { accessToken } = await registerAndLogin();
    valid = accessToken;
    const [header, payload] = valid.split('.');
    kid = JSON.parse(Buffer.from(header!, 'base64url').toString()).kid;
    claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  });

  async function expectRefused(token: string) {
    const viaGateway = await stack.api('GET', '/users/me', { token });
    expect(viaGateway.statusCode).toBe(401);
    expect(viaGateway.headers['content-type']).toMatch(/application\/problem\+json/);
    const direct = await stack.user.inject({
      method: 'GET',
      url: '/users/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(direct.statusCode).toBe(401);
  }

  it('accepts the genuine token (control)', async () => {
    expect((await stack.api('GET', '/users/me', { token: valid })).statusCode).toBe(200);
  });

  it('refuses alg: none', async () => {
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT', kid })}.${b64({ ...claims, roles: ['admin'] })}.`);
  });

  it('refuses HS256 signed with the public key as the HMAC secret', async () => {
    const jwk = stack.keyRing.publicJwks(new Date()).keys[0]!;
    const pem = createPublicKey({ key: { ...jwk }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    for (const secret of [String(pem), JSON.stringify(jwk), jwk.x]) {
      const forged = await new SignJWT({ ...claims, roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
        .sign(new TextEncoder().encode(secret));
      await expectRefused(forged);
    }
  });

  it('refuses an expired token signed with the real key', async () => {
    const expired = await issueAccessToken(
      stack.keyRing,
      {
        userId: String(claims.sub),
        companyId: claims.companyId as string,
        companyRole: 'company_admin',
        roles: [],
      },
      new Date(Date.now() - 20 * 60_000),
    );
    await expectRefused(expired.token);
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = valid.split('.');
    await expectRefused(`${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`);
  });

  it('refuses a token signed by a key that is not published (unknown kid)', async () => {
    const stranger = new SigningKeyRing(createKeySet(new Date()));
    const forged = await issueAccessToken(
      stranger,
      {
        userId: String(claims.sub),
        companyId: claims.companyId as string,
        companyRole: 'company_admin',
        roles: ['admin'],
      },
      new Date(),
    );
    await expectRefused(forged.token);
    // Same key id as the real key, wrong key: still refused.
    const [, payload, signature] = forged.token.split('.');
    await expectRefused(`${b64({ alg: 'EdDSA', typ: 'JWT', kid })}.${payload}.${signature}`);
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await stack.api('GET', '/users/me', { headers: { authorization: `Basic ${valid}` } });
    expect(res.statusCode).toBe(401);
  });
});

describe('company isolation (BOLA) → 404', () => {
  it("a member of company B cannot read or change company A's member or address", async () => {
    const a = await registerAndLogin();
    const b = await registerAndLogin();
    const aBuyer = await inviteAndActivate(a.accessToken, 'buyer');
    const address = (
      await stack.api('POST', '/users/me/addresses', {
        token: a.accessToken,
        body: { label: 'HQ', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'de' },
      })
    ).json();
    expect(address).toMatchObject({ country: 'DE', isDefault: true });

    const patchMember = await stack.api('PATCH', `/companies/me/members/${aBuyer.member.id}`, {
      token: b.accessToken,
      body: { companyRole: 'company_admin' },
    });
    expect(patchMember.statusCode).toBe(404);
    const deleteMember = await stack.api('DELETE', `/companies/me/members/${aBuyer.member.id}`, {
      token: b.accessToken,
    });
    expect(deleteMember.statusCode).toBe(404);
    const bCompany = (await stack.api('GET', '/companies/me', { token: b.accessToken })).json();
    expect(bCompany.id).toBe(b.company.id);
    expect(bCompany.members.map((m: { id: string }) => m.id)).not.toContain(aBuyer.member.id);

    const patchAddress = await stack.api('PATCH', `/users/me/addresses/${address.id}`, {
      token: b.accessToken,
      body: { city: 'Elsewhere' },
    });
    expect(patchAddress.statusCode).toBe(404);
    const deleteAddress = await stack.api('DELETE', `/users/me/addresses/${address.id}`, {
      token: b.accessToken,
    });
    expect(deleteAddress.statusCode).toBe(404);
    // Not even a colleague in the same company sees another user's addresses.
    const colleague = await stack.api('PATCH', `/users/me/addresses/${address.id}`, {
      token: aBuyer.accessToken,
      body: { city: 'Elsewhere' },
    });
    expect(colleague.statusCode).toBe(404);

    // Untouched.
    const aMembers = (await stack.api('GET', '/companies/me', { token: a.accessToken })).json().members;
    expect(aMembers.find((m: { id: string }) => m.id === aBuyer.member.id).companyRole).toBe('buyer');
    const aAddresses = (await stack.api('GET', '/users/me/addresses', { token: a.accessToken })).json();
    expect(aAddresses.items[0].city).toBe('Berlin');
  });
});

describe('function-level authorization (BFLA)', () => {
  it('a buyer on /admin/* gets 403; anonymous gets 401', async () => {
    const admin = await registerAndLogin();
    const buyer = await inviteAndActivate(admin.accessToken, 'buyer');
    for (const [method, path, body] of [
      ['GET', '/admin/users', undefined],
      ['GET', `/admin/users/${buyer.member.id}`, undefined],
      ['PATCH', `/admin/users/${buyer.member.id}`, { roles: ['admin'] }],
      ['GET', '/admin/companies', undefined],
      [
        'PATCH',
        `/admin/companies/${admin.company.id}`,
        { creditLimit: { amount: '99999.00', currency: 'EUR' } },
      ],
    ] as const) {
      const res = await stack.api(method, path, { token: buyer.accessToken, body });
      expect(res.statusCode, `${method} ${path}`).toBe(403);
      expect((await stack.api(method, path, { body })).statusCode, `${method} ${path} anonymous`).toBe(401);
    }
    // The company admin is not a platform admin either.
    expect((await stack.api('GET', '/admin/users', { token: admin.accessToken })).statusCode).toBe(403);
  });
});

describe('mass assignment → 400', () => {
  it('refuses roles, companyId, status and other unknown fields in PATCH bodies', async () => {
    const admin = await registerAndLogin();
    const buyer = await inviteAndActivate(admin.accessToken, 'buyer');
    const other = await registerAndLogin();
    for (const extra of [
      { roles: ['admin'] },
      { companyId: other.company.id },
      { status: 'active' },
      { companyRole: 'company_admin' },
      { spendingLimit: { amount: '1000000.00', currency: 'EUR' } },
      { email: 'takeover@example.com' },
      { passwordHash: 'x' },
    ]) {
      const res = await stack.api('PATCH', '/users/me', {
        token: buyer.accessToken,
        body: { name: 'Bea', ...extra },
      });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    const memberPatch = await stack.api('PATCH', `/companies/me/members/${buyer.member.id}`, {
      token: admin.accessToken,
      body: { companyId: other.company.id },
    });
    expect(memberPatch.statusCode).toBe(400);
    for (const extra of [{ roles: ['admin'] }, { status: 'active' }, { email: 'takeover@example.com' }]) {
      const res = await stack.api('PATCH', `/companies/me/members/${buyer.member.id}`, {
        token: admin.accessToken,
        body: { companyRole: 'buyer', ...extra },
      });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
    }
    // An invitation cannot skip the set-password step, grant platform roles or target another company.
    for (const extra of [{ roles: ['admin'] }, { status: 'active' }, { companyId: other.company.id }]) {
      const res = await stack.api('POST', '/companies/me/members', {
        token: admin.accessToken,
        body: { email: `mass.${Date.now()}@example.com`, name: 'Mass', companyRole: 'buyer', ...extra },
      });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
    }
    const register = await stack.api('POST', '/auth/register', {
      body: { ...newRegistration(), roles: ['admin'] },
    });
    expect(register.statusCode).toBe(400);

    const me = (await stack.api('GET', '/users/me', { token: buyer.accessToken })).json();
    expect(me).toMatchObject({
      roles: [],
      companyId: admin.company.id,
      companyRole: 'buyer',
      status: 'active',
    });
  });
});

describe('login rate limiting at the gateway', () => {
  it('answers 429 with retry-after once the per-IP credential limit is spent', async () => {
    const gateway = await stack.startGateway({ credentialsPerMinute: 3 });
    const statuses: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 5; i++) {
      last = await gateway.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          email: `rl.${i}.${Date.now()}@example.com`,
          password: 'wrong password here',
        }),
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
