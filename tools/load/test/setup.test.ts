import { describe, expect, it } from 'vitest';
import type { LoadRequest } from '../src/driver.ts';
import {
  type Call,
  categorySlugsOf,
  clientIpOf,
  logIn,
  orderableItems,
  orderableQuantity,
  registerAccounts,
  searchTermsOf,
} from '../src/setup.ts';

describe('what the mix reads from the catalogue', () => {
  it('orders the smallest quantity the cart accepts', () => {
    expect(orderableQuantity(1, 1)).toBe(1);
    expect(orderableQuantity(10, 5)).toBe(10);
    expect(orderableQuantity(7, 5)).toBe(10);
    expect(orderableQuantity(1, 12)).toBe(12);
  });

  it('takes distinct search words of 4+ letters from product names, up to the maximum', () => {
    expect(searchTermsOf(['HSS Drill bit 8 mm', 'Drill chuck', 'Hex screw M8'], 10)).toEqual([
      'drill',
      'chuck',
      'screw',
    ]);
    expect(searchTermsOf(['alpha beta gamma delta'], 2)).toEqual(['alpha', 'beta']);
    expect(searchTermsOf(['M8 x 20'], 10)).toEqual([]);
  });

  it('offers only active products with stock for many checkouts of their smallest quantity', () => {
    const product = (sku: string, available: number, extra = {}) => ({
      sku,
      name: sku,
      minOrderQuantity: 5,
      orderMultiple: 5,
      stock: { available, status: available > 0 ? 'in_stock' : 'out_of_stock' },
      ...extra,
    });
    expect(
      orderableItems([
        product('PLENTY', 100),
        product('FEW', 99),
        product('NONE', 0),
        product('DRAFT', 1_000, { status: 'draft' }),
        product('ACTIVE', 1_000, { status: 'active' }),
      ]),
    ).toEqual([
      { sku: 'PLENTY', quantity: 5 },
      { sku: 'ACTIVE', quantity: 5 },
    ]);
  });

  it('collects every slug of the category tree, sub-categories included', () => {
    expect(
      categorySlugsOf([
        { slug: 'tools', children: [{ slug: 'drills', children: [{ slug: 'bits' }] }] },
        { slug: 'fasteners', children: [] },
      ]),
    ).toEqual(['tools', 'drills', 'bits', 'fasteners']);
  });

  it('gives every account an office address of its own', () => {
    const ips = Array.from({ length: 600 }, (_, i) => clientIpOf(i));
    expect(new Set(ips).size).toBe(600);
    expect(ips[0]).toBe('10.77.0.1');
    expect(ips[256]).toBe('10.77.1.1');
    for (const ip of ips) expect(ip).toMatch(/^10\.77\.\d{1,3}\.([1-9]\d{0,2})$/);
  });
});

describe('accounts through the API', () => {
  /** A user service stand-in: answers registrations, counts how many run at once. */
  function fakeApi(status = 201) {
    const seen: LoadRequest[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const call: Call = async (request) => {
      seen.push(request);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      const body = request.body as { email: string };
      return {
        status,
        body: status < 300 ? { accessToken: `token-of-${body.email}` } : { code: 'CONFLICT' },
      };
    };
    return { call, seen, maxInFlight: () => maxInFlight };
  }

  it('registers `count` companies a few at a time, each from its own address, with its token', async () => {
    const api = fakeApi();
    const accounts = await registerAccounts(api.call, 9, 'run1', { parallel: 3, firstIp: 1 });
    expect(accounts).toHaveLength(9);
    expect(new Set(accounts.map((a) => a.email)).size).toBe(9);
    expect(accounts[0]).toEqual({
      email: 'load.run1.0@load.example',
      token: 'token-of-load.run1.0@load.example',
      clientIp: clientIpOf(1),
    });
    expect(api.seen.every((r) => r.method === 'POST' && r.path === '/api/v1/auth/register')).toBe(true);
    expect(api.seen.map((r) => r.headers?.['x-forwarded-for'])).not.toContain(clientIpOf(0));
    expect(api.maxInFlight()).toBe(3);
  });

  it('registers none for a count of 0, and stops with the answer when one is refused', async () => {
    expect(await registerAccounts(fakeApi().call, 0, 'run1')).toEqual([]);
    await expect(registerAccounts(fakeApi(409).call, 2, 'run1')).rejects.toThrow(
      /register load\.run1\.\d@load\.example: 409/,
    );
  });

  it('logs a demo account in and keeps its token and address', async () => {
    const call: Call = async (request) => ({
      status: request.path === '/api/v1/auth/login' ? 200 : 404,
      body: { accessToken: 'demo-token' },
    });
    expect(await logIn(call, 'buyer@acme.example', 'pw', '10.77.0.1')).toEqual({
      email: 'buyer@acme.example',
      token: 'demo-token',
      clientIp: '10.77.0.1',
    });
    const refusing: Call = async () => ({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    await expect(logIn(refusing, 'buyer@acme.example', 'wrong', '10.77.0.1')).rejects.toThrow(/401/);
  });
});
