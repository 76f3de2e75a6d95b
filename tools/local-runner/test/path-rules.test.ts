import { describe, expect, it } from 'vitest';
import { buildPathRules, targetForPath } from '../src/path-rules.ts';

describe('ALB path rules from the catalogue', () => {
  const rules = buildPathRules();

  it('sends /api/* to the api-gateway', () => {
    expect(targetForPath(rules, '/api/v1/health')).toBe('api-gateway');
    expect(targetForPath(rules, '/api/docs')).toBe('api-gateway');
    expect(targetForPath(rules, '/api/')).toBe('api-gateway');
    expect(targetForPath(rules, '/api/v1/products?q=bolt')).toBe('api-gateway');
  });

  it('sends /admin and /admin/* to the admin dashboard', () => {
    expect(targetForPath(rules, '/admin')).toBe('admin-dashboard');
    expect(targetForPath(rules, '/admin/')).toBe('admin-dashboard');
    expect(targetForPath(rules, '/admin/orders/42')).toBe('admin-dashboard');
    expect(targetForPath(rules, '/admin?tab=users')).toBe('admin-dashboard');
  });

  it('sends everything else to the customer portal (the default action)', () => {
    expect(targetForPath(rules, '/')).toBe('customer-portal');
    expect(targetForPath(rules, '/products/bolt-m8')).toBe('customer-portal');
    // Like the ALB: `/api` itself does not match `/api/*`, and matching is case-sensitive.
    expect(targetForPath(rules, '/api')).toBe('customer-portal');
    expect(targetForPath(rules, '/API/v1/health')).toBe('customer-portal');
    expect(targetForPath(rules, '/administrator')).toBe('customer-portal');
    // The query string is not part of the path.
    expect(targetForPath(rules, '/?next=/api/v1/health')).toBe('customer-portal');
  });

  it('orders rules by listener priority', () => {
    expect(rules.rules.map((r) => r.service)).toEqual(['api-gateway', 'admin-dashboard']);
    expect(rules.defaultTarget).toBe('customer-portal');
  });
});
