import { describe, expect } from 'vitest';
import type { UserApp } from './support/user-app.ts';
import { it } from './support/user-test.ts';

const feed = async (svc: UserApp, since?: string) => {
  const res = await svc.call('GET', `/internal/revocations${since === undefined ? '' : `?since=${since}`}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Record<string, unknown>[]; cursor: string };
};

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

describe('GET /internal/revocations', () => {
  it('publishes logged-out token ids and per-user markers, and a cursor that continues from there', async ({
    svc,
  }) => {
    const first = await feed(svc);
    const u = await svc.register();
    const { jti, exp } = claims(u.accessToken);
    await svc.call('POST', '/auth/logout', { token: u.accessToken, body: { refreshToken: u.refreshToken } });

    const afterLogout = await feed(svc, first.cursor);
    expect(afterLogout.items).toContainEqual({ jti, exp });

    const v = await svc.register();
    const admin = await svc.adminToken();
    await svc.call('PATCH', `/admin/users/${v.userId}`, { token: admin, body: { status: 'disabled' } });
    const afterDisable = await feed(svc, afterLogout.cursor);
    const marker = afterDisable.items.find((i) => i.sub === v.userId);
    expect(marker).toEqual({ sub: v.userId, notBefore: expect.any(Number), exp: expect.any(Number) });
    expect(marker!.notBefore as number).toBeGreaterThan(claims(v.accessToken).iat);
    expect((marker!.exp as number) - (marker!.notBefore as number)).toBe(900);

    // Nothing new since the last cursor except the overlap window's repeats (idempotent for pollers).
    const quiet = await feed(svc, afterDisable.cursor);
    for (const item of quiet.items)
      expect([...afterLogout.items, ...afterDisable.items]).toContainEqual(item);
  });

  it('refuses a malformed cursor with a problem, not a crash', async ({ svc }) => {
    const res = await svc.call('GET', '/internal/revocations?since=yesterday');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('drops entries whose tokens have expired', async ({ svc }) => {
    const u = await svc.register();
    const { jti } = claims(u.accessToken);
    await svc.call('POST', '/auth/logout', { token: u.accessToken, body: { refreshToken: u.refreshToken } });
    expect((await feed(svc)).items.some((i) => i.jti === jti)).toBe(true);
    svc.advance(16 * 60_000);
    expect((await feed(svc)).items.some((i) => i.jti === jti)).toBe(false);
  });
});
