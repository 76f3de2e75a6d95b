import type { Api } from '@b2b/fault-injection/api';
import { describe, expect, it } from 'vitest';
import { Session } from '../src/session.ts';

/** POST /auth/refresh as the user service answers it: a new pair, the old refresh token spent. */
function fakeAuth() {
  const calls: string[] = [];
  let issued = 0;
  const api: Api = async (_method, route, opts) => {
    const sent = (opts?.body as { refreshToken?: string } | undefined)?.refreshToken;
    calls.push(`${route} ${sent}`);
    issued += 1;
    return {
      status: 200,
      ms: 1,
      body: { accessToken: `access-${issued}`, refreshToken: `refresh-${issued}` },
    };
  };
  return { api, calls };
}

describe('a session for runs longer than an access token lives', () => {
  it('keeps its token for the first 10 minutes, then refreshes once with the latest refresh token', async () => {
    let now = 0;
    const { api, calls } = fakeAuth();
    const session = new Session(api, 'access-0', 'refresh-0', () => now);
    now = 9 * 60_000;
    expect(await session.current()).toBe('access-0');
    expect(calls).toEqual([]);
    now = 10 * 60_000;
    expect(await session.current()).toBe('access-1');
    expect(await session.current()).toBe('access-1');
    now = 20 * 60_000;
    expect(await session.current()).toBe('access-2');
    expect(calls).toEqual(['/auth/refresh refresh-0', '/auth/refresh refresh-1']);
  });

  it('fails loudly when the refresh is refused', async () => {
    const refused: Api = async () => ({
      status: 401,
      ms: 1,
      body: { code: 'UNAUTHORIZED' },
      code: 'UNAUTHORIZED',
    });
    let now = 0;
    const session = new Session(refused, 'access-0', 'refresh-0', () => now);
    now = 11 * 60_000;
    await expect(session.current()).rejects.toThrow('refresh a session: expected 200, got 401');
  });
});
