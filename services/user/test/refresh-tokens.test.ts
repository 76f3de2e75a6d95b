import { createHash } from 'node:crypto';
import { describe, expect } from 'vitest';
import { it } from './support/user-test.ts';

describe('refresh tokens', () => {
  it('are stored only as a SHA-256 hash, with a 7-day expiry', async ({ svc }) => {
    const u = await svc.register();
    const hash = createHash('sha256').update(u.refreshToken).digest('hex');
    const stored = await svc.mongo.db.collection('refresh_tokens').findOne({ _id: hash as never });
    expect(stored).toMatchObject({ userId: u.userId, usedAt: null, revokedAt: null });
    const ttl = stored!.expiresAt.getTime() - stored!.createdAt.getTime();
    expect(ttl).toBe(7 * 24 * 3600 * 1000);
    const raw = JSON.stringify(await svc.mongo.db.collection('refresh_tokens').find().toArray());
    expect(raw).not.toContain(u.refreshToken);
  });

  it('two concurrent exchanges of one token: the second is reuse and the whole family dies', async ({
    svc,
  }) => {
    const u = await svc.register();
    const results = await Promise.all([
      svc.call('POST', '/auth/refresh', { body: { refreshToken: u.refreshToken } }),
      svc.call('POST', '/auth/refresh', { body: { refreshToken: u.refreshToken } }),
    ]);
    const statuses = results.map((r) => r.statusCode);
    expect(statuses).toContain(401);
    // Whatever a winner received was issued into a family that is now revoked: it is dead too.
    for (const res of results.filter((r) => r.statusCode === 200)) {
      const { refreshToken } = res.json();
      expect((await svc.call('POST', '/auth/refresh', { body: { refreshToken } })).statusCode).toBe(401);
    }
    const family = await svc.mongo.db.collection('refresh_tokens').find({ userId: u.userId }).toArray();
    expect(family.every((t) => t.revokedAt !== null)).toBe(true);
  });

  it('expire after 7 days', async ({ svc }) => {
    const u = await svc.register();
    svc.advance(7 * 24 * 3600 * 1000 + 1_000);
    expect(
      (await svc.call('POST', '/auth/refresh', { body: { refreshToken: u.refreshToken } })).statusCode,
    ).toBe(401);
  });

  it('refuses malformed and unknown tokens alike', async ({ svc }) => {
    for (const refreshToken of ['x', 'A'.repeat(43), 'not/base64url+chars=====']) {
      const res = await svc.call('POST', '/auth/refresh', { body: { refreshToken } });
      expect([400, 401]).toContain(res.statusCode);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('logout only revokes the caller’s own refresh token family', async ({ svc }) => {
    const victim = await svc.register();
    const attacker = await svc.register();
    const res = await svc.call('POST', '/auth/logout', {
      token: attacker.accessToken,
      body: { refreshToken: victim.refreshToken },
    });
    expect(res.statusCode).toBe(204);
    expect(
      (await svc.call('POST', '/auth/refresh', { body: { refreshToken: victim.refreshToken } })).statusCode,
    ).toBe(200);
  });
});
