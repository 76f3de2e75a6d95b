/**
 * A walk over every route of the service's own OpenAPI document: each declares its responses, and
 * junk input (unknown fields, bad ids, wrong types) gets a problem+json 4xx, never a 500.
 */
import { describe, expect } from 'vitest';
import { it } from './support/notification-test.ts';

type Operation = { responses?: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] };

describe('every route', () => {
  it('declares its responses and answers junk with problem+json 4xx', async ({ svc }) => {
    const doc = (await svc.call('GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const admin = await svc.adminToken();
    const walked: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/health') || path === '/openapi.json') continue;
      for (const [method, op] of Object.entries(ops)) {
        const route = `${method.toUpperCase()} ${path}`;
        walked.push(route);
        expect(Object.keys(op.responses ?? {}), route).toEqual(expect.arrayContaining(['400', '401']));
        const url = `${path.replace(/\{[^}]+\}/g, '%00nope')}?page=0&bogus=1`;
        const res = await svc.call(method.toUpperCase(), url, {
          token: admin,
          ...(method === 'get' ? {} : { body: { bogus: { nested: [1] } } }),
        });
        expect(res.statusCode, route).toBeLessThan(500);
        if (res.statusCode < 400) {
          // Only a route that takes no input at all may ignore the junk query string.
          expect(op.parameters ?? [], route).toEqual([]);
          expect(op.requestBody, route).toBeUndefined();
          continue;
        }
        expect(res.headers['content-type'], route).toMatch(/^application\/problem\+json/);
      }
    }
    // The walk really covered the API (a positive control on the document itself).
    expect(walked).toEqual(
      expect.arrayContaining([
        'GET /notifications/',
        'POST /notifications/{id}/read',
        'PUT /notifications/preferences',
        'PUT /admin/notification-templates/{key}',
        'POST /admin/notification-templates/{key}/preview',
        'GET /admin/notifications',
        'GET /admin/mailbox/{id}',
      ]),
    );
  });

  it('refuses every /admin route to a buyer (403 ROLE_REQUIRED) and lets an admin through', async ({
    svc,
  }) => {
    const doc = (await svc.call('GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const [admin, buyer] = await Promise.all([svc.adminToken(), svc.tokenFor(svc.person())]);
    const guarded: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/admin')) continue;
      for (const method of Object.keys(ops)) {
        const route = `${method.toUpperCase()} ${path}`;
        guarded.push(route);
        const url = path.replace(/\{[^}]+\}/g, 'nope');
        const body = method === 'get' ? {} : { body: {} };
        const refused = await svc.call(method.toUpperCase(), url, { token: buyer, ...body });
        expect([refused.statusCode, refused.json().code], route).toEqual([403, 'ROLE_REQUIRED']);
        // Positive control: the same call as an admin passes the guard (it may still be a 400 or 404).
        const allowed = await svc.call(method.toUpperCase(), url, { token: admin, ...body });
        expect(allowed.statusCode, route).not.toBe(403);
      }
    }
    // Every admin folder is in the walk, the development mailbox too (the test app uses it).
    for (const prefix of [
      'notification-templates',
      'notifications',
      'email-suppressions',
      'dead-letters',
      'mailbox',
    ]) {
      expect(
        guarded.some((r) => r.includes(`/admin/${prefix}`)),
        prefix,
      ).toBe(true);
    }
  });
});
