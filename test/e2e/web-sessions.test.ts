/**
 * Browser sessions through the api-gateway: the gateway forwards `set-cookie` to the browser and
 * `cookie` to the user service on /api/v1/auth, so the web apps' silent refresh works end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_APP_ORIGIN,
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

const proof = { 'x-csrf': '1', origin: BROWSER_APP_ORIGIN };
const cookieOf = (header: string | string[] | undefined) => String([header].flat()[0]).split(';')[0]!;

describe('browser session through the gateway', () => {
  it('sets the scoped cookie, refreshes with it, and refuses the refresh without the proof', async () => {
    const reg = newRegistration();
    expect((await stack.api('POST', '/auth/register', { body: reg })).statusCode).toBe(201);
    const signIn = await stack.api('POST', '/auth/session', {
      body: { email: reg.email, password: reg.password },
      headers: proof,
    });
    expect(signIn.statusCode).toBe(200);
    expect(String(signIn.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(signIn.headers['set-cookie'])).toMatch(/Path=\/api\/v1\/auth/);
    expect(String(signIn.headers['set-cookie'])).toMatch(/SameSite=Strict/);
    const cookie = cookieOf(signIn.headers['set-cookie']);

    const refused = await stack.api('POST', '/auth/session/refresh', {
      headers: { origin: BROWSER_APP_ORIGIN, cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('CSRF_PROOF_REQUIRED');

    const refreshed = await stack.api('POST', '/auth/session/refresh', { headers: { ...proof, cookie } });
    expect(refreshed.statusCode).toBe(200);
    const { accessToken } = refreshed.json();
    expect((await stack.api('GET', '/users/me', { token: accessToken })).statusCode).toBe(200);
    expect(cookieOf(refreshed.headers['set-cookie'])).not.toBe(cookie);
  });
});
