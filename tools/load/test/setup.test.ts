import { describe, expect, it } from 'vitest';
import { categorySlugsOf, clientIpOf, orderableQuantity, searchTermsOf } from '../src/setup.ts';

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
