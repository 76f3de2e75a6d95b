/** The Authorization header's `Bearer <token>` form (RFC 6750), as every service and the gateway read it. */
import { describe, expect, it } from 'vitest';
import { bearerToken } from '../src/auth/index.ts';

const token = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1In0.c2ln-_~+/==';

describe('bearerToken', () => {
  it('takes the token of a well-formed header, whatever the scheme case and surrounding spaces', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`BEARER   ${token}  `)).toBe(token);
  });

  it('refuses other schemes, a missing token, a missing space and characters outside b64token', () => {
    expect(bearerToken(`Basic ${token}`)).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer    ')).toBeUndefined();
    expect(bearerToken(`Bearer${token}`)).toBeUndefined();
    expect(bearerToken(`Bearer\t${token}`)).toBeUndefined();
    expect(bearerToken('Bearer abc def')).toBeUndefined();
    expect(bearerToken('Bearer abc"def')).toBeUndefined();
    expect(bearerToken('Bearer ==abc')).toBeUndefined();
    expect(bearerToken(`Bearer ${token}, Bearer ${token}`)).toBeUndefined();
  });

  it('refuses a huge header without looking at it; a long real token still passes', () => {
    expect(bearerToken(`Bearer ${'a'.repeat(8000)}`)).toHaveLength(8000);
    expect(bearerToken(`Bearer ${'a'.repeat(20_000)}`)).toBeUndefined();
  });
});
