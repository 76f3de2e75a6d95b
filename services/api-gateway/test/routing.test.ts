import { markPlanned } from '@b2b/test-kit/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveApiRoute } from '../src/routing.ts';

describe('resolveApiRoute', () => {
  // Every service is live: notification stands in for a planned one here.
  let restore: () => void;
  beforeAll(() => {
    restore = markPlanned('notification');
  });
  afterAll(() => restore());

  it('strips /api/v1 and keeps the query string', () => {
    expect(resolveApiRoute('/api/v1/auth/login')).toEqual({
      kind: 'forward',
      service: 'user',
      upstreamPath: '/auth/login',
    });
    expect(resolveApiRoute('/api/v1/users/me/addresses?page=2&limit=5')).toEqual({
      kind: 'forward',
      service: 'user',
      upstreamPath: '/users/me/addresses?page=2&limit=5',
    });
    expect(resolveApiRoute('/api/v1/companies')).toMatchObject({ upstreamPath: '/companies' });
  });

  it('lets the longest area win', () => {
    // `admin/users` belongs to user, `admin/products` to product, `admin/notifications` to notification (planned).
    expect(resolveApiRoute('/api/v1/admin/users/42')).toMatchObject({ kind: 'forward', service: 'user' });
    expect(resolveApiRoute('/api/v1/admin/products/42')).toMatchObject({
      kind: 'forward',
      service: 'product',
    });
    expect(resolveApiRoute('/api/v1/admin/notifications/42')).toEqual({
      kind: 'not-live',
      service: 'notification',
    });
  });

  it('answers not-live for areas of planned services, forwards those of live ones', () => {
    expect(resolveApiRoute('/api/v1/notifications')).toEqual({ kind: 'not-live', service: 'notification' });
    // Positive control: the order service is live, so its areas are forwarded.
    expect(resolveApiRoute('/api/v1/orders?status=pending')).toEqual({
      kind: 'forward',
      service: 'order',
      upstreamPath: '/orders?status=pending',
    });
  });

  it('forwards the areas of the live search service', () => {
    expect(resolveApiRoute('/api/v1/search?q=bolt')).toMatchObject({ kind: 'forward', service: 'search' });
    expect(resolveApiRoute('/api/v1/search/suggest?q=bo')).toMatchObject({
      kind: 'forward',
      service: 'search',
    });
  });

  it('does not know areas nobody owns, nor internal routes', () => {
    expect(resolveApiRoute('/api/v1/nope')).toEqual({ kind: 'unknown' });
    expect(resolveApiRoute('/api/v1/internal/revocations')).toEqual({ kind: 'unknown' });
    expect(resolveApiRoute('/api/v1/Auth/login')).toEqual({ kind: 'unknown' });
    expect(resolveApiRoute('/api/v1/authx')).toEqual({ kind: 'unknown' });
    expect(resolveApiRoute('/api/v2/auth/login')).toEqual({ kind: 'unknown' });
    expect(resolveApiRoute('/api/v1/')).toEqual({ kind: 'unknown' });
  });

  it('refuses paths an upstream could route differently', () => {
    for (const path of [
      '/api/v1/auth/../internal/revocations',
      '/api/v1/auth/%2e%2e/internal/revocations',
      '/api/v1/auth/%2E%2E/internal',
      '/api/v1/auth/./login',
      '/api/v1/users%2fme',
      '/api/v1/users%5cme',
      '/api/v1//auth/login',
      '/api/v1/auth//login',
      '/api/v1/users/%00',
      '/api/v1/users/%zz',
    ]) {
      expect(resolveApiRoute(path), path).toEqual({ kind: 'malformed' });
    }
  });

  it('accepts a trailing slash and encoded ordinary characters', () => {
    expect(resolveApiRoute('/api/v1/users/')).toMatchObject({ kind: 'forward', upstreamPath: '/users/' });
    expect(resolveApiRoute('/api/v1/users/a%20b')).toMatchObject({
      kind: 'forward',
      upstreamPath: '/users/a%20b',
    });
  });
});
