import { describe, expect } from 'vitest';
import { MAX_ADDRESSES_PER_USER } from '../src/domain/profiles.ts';
import { it } from './support/user-test.ts';

const hq = { label: 'HQ', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };

describe('profile', () => {
  it('changes name, phone and preferences, and clears the phone with null', async ({ svc }) => {
    const u = await svc.register();
    const patched = await svc.call('PATCH', '/users/me', {
      token: u.accessToken,
      body: { name: '  New Name ', phone: '+49 30 123', preferences: { locale: 'de-DE', currency: 'EUR' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'New Name',
      phone: '+49 30 123',
      preferences: { locale: 'de-DE' },
    });
    const cleared = await svc.call('PATCH', '/users/me', { token: u.accessToken, body: { phone: null } });
    expect(cleared.json().phone).toBeNull();
  });

  it('refuses an empty patch, unknown preferences and malformed values with field errors', async ({
    svc,
  }) => {
    const u = await svc.register();
    for (const body of [
      {},
      { preferences: { theme: 'dark' } },
      { phone: '<script>' },
      { name: '' },
      { name: ' \t ' },
    ]) {
      const res = await svc.call('PATCH', '/users/me', { token: u.accessToken, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('needs a token', async ({ svc }) => {
    const res = await svc.call('GET', '/users/me');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('addresses', () => {
  it('creates, lists, updates and deletes; one default at a time', async ({ svc }) => {
    const u = await svc.register();
    const first = (await svc.call('POST', '/users/me/addresses', { token: u.accessToken, body: hq })).json();
    expect(first).toMatchObject({ ...hq, line2: null, isDefault: true, id: expect.any(String) });
    const second = await svc.call('POST', '/users/me/addresses', {
      token: u.accessToken,
      body: { ...hq, label: 'Warehouse', country: 'fr', isDefault: true },
    });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ country: 'FR', isDefault: true });

    const list = (await svc.call('GET', '/users/me/addresses', { token: u.accessToken })).json();
    expect(list).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(list.items.map((a: { label: string; isDefault: boolean }) => [a.label, a.isDefault])).toEqual([
      ['HQ', false],
      ['Warehouse', true],
    ]);

    const updated = await svc.call('PATCH', `/users/me/addresses/${first.id}`, {
      token: u.accessToken,
      body: { isDefault: true, line2: 'Gate 4' },
    });
    expect(updated.json()).toMatchObject({ isDefault: true, line2: 'Gate 4' });
    const after = (await svc.call('GET', '/users/me/addresses', { token: u.accessToken })).json().items;
    expect(after.filter((a: { isDefault: boolean }) => a.isDefault)).toHaveLength(1);

    expect(
      (await svc.call('DELETE', `/users/me/addresses/${first.id}`, { token: u.accessToken })).statusCode,
    ).toBe(204);
    expect(
      (await svc.call('DELETE', `/users/me/addresses/${first.id}`, { token: u.accessToken })).statusCode,
    ).toBe(404);
  });

  it('validates the country code and unknown fields', async ({ svc }) => {
    const u = await svc.register();
    for (const body of [
      { ...hq, country: 'Germany' },
      { ...hq, userId: 'someone-else' },
      { label: 'x' },
      { ...hq, line1: '   ' },
      { ...hq, city: ' ' },
    ]) {
      const res = await svc.call('POST', '/users/me/addresses', { token: u.accessToken, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it(`stops at ${MAX_ADDRESSES_PER_USER} addresses`, async ({ svc }) => {
    const u = await svc.register();
    for (let i = 0; i < MAX_ADDRESSES_PER_USER; i++) {
      await svc.call('POST', '/users/me/addresses', {
        token: u.accessToken,
        body: { ...hq, label: `A${i}` },
      });
    }
    const over = await svc.call('POST', '/users/me/addresses', { token: u.accessToken, body: hq });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('ADDRESS_LIMIT');

    // Listed a page at a time, limit at most 100.
    const page = await svc.call('GET', '/users/me/addresses?page=3&limit=20', { token: u.accessToken });
    expect(page.json()).toMatchObject({ total: MAX_ADDRESSES_PER_USER, page: 3, limit: 20 });
    expect(page.json().items).toHaveLength(MAX_ADDRESSES_PER_USER - 40);
    for (const query of ['limit=101', 'page=0', 'limit=abc', 'sort=label']) {
      const bad = await svc.call('GET', `/users/me/addresses?${query}`, { token: u.accessToken });
      expect(bad.statusCode, query).toBe(400);
    }
  });
});

describe('registration', () => {
  it('refuses a name or company name of only spaces (they would be stored blank)', async ({ svc }) => {
    for (const blank of [{ name: '   ' }, { companyName: '\t' }]) {
      const res = await svc.call('POST', '/auth/register', {
        body: {
          email: `blank.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.com`,
          password: 'a sturdy passphrase for blanks',
          name: 'Real Name',
          companyName: 'Real Company',
          ...blank,
        },
      });
      expect(res.statusCode, JSON.stringify(blank)).toBe(400);
      expect(res.json().errors[0].path).toBe(`/${Object.keys(blank)[0]}`);
    }
  });
});

describe('bad input never crashes', () => {
  it('answers malformed JSON, wrong types and oversized bodies with problem+json', async ({ svc }) => {
    const malformed = await svc.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);

    const wrongType = await svc.call('POST', '/auth/login', { body: { email: ['a@b.c'], password: 5 } });
    expect(wrongType.statusCode).toBe(400);
    expect(
      wrongType
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/email', '/password']);

    const huge = await svc.call('POST', '/auth/login', {
      body: { email: 'a@example.com', password: 'x'.repeat(2_000_000) },
    });
    expect(huge.statusCode).toBe(413);

    const badId = await svc.call('PATCH', '/admin/users/..%2F..%2Fetc', {
      token: await svc.adminToken(),
      body: { status: 'active' },
    });
    expect(badId.statusCode).toBe(400);
  });
});
