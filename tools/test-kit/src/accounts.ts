/**
 * People for cross-service and browser tests: a company registered through the API, and a platform
 * admin (there is no API that makes one: an operator sets the role in the user database).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { expect } from 'vitest';
import { callApi } from './api.ts';

export interface Person {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly companyName: string;
  readonly userId: string;
  readonly companyId: string;
  readonly token: string;
}

/** A newly registered company_admin of a new company (`kind` makes the names readable). */
export async function registerCompanyAdmin(baseUrl: string, kind: string): Promise<Person> {
  const tag = randomUUID().slice(0, 8);
  const person = {
    email: `${kind}.${tag}@example.com`,
    password: `a sturdy passphrase ${tag}`,
    name: `${kind} ${tag}`,
    companyName: `${kind} firm ${tag}`,
  };
  const res = await callApi(baseUrl, 'POST', '/auth/register', { body: person });
  expect(res.status).toBe(201);
  return {
    ...person,
    userId: res.body.user.id as string,
    companyId: res.body.company.id as string,
    token: res.body.accessToken as string,
  };
}

/**
 * A registered user promoted to platform admin by an operator, in the user service's database
 * (`platform.db`, of startPlatform or a browser platform's `platform`), with a token that carries the role.
 */
export async function registerPlatformAdmin(
  platform: { db(name: string): Db },
  baseUrl: string,
  kind = 'ops',
): Promise<Person> {
  const admin = await registerCompanyAdmin(baseUrl, kind);
  const promoted = await platform
    .db('user')
    .collection('users')
    .updateOne({ email: admin.email }, { $set: { roles: ['admin'] } });
  expect(promoted.matchedCount).toBe(1);
  // The registration's token predates the role: log in again for one that carries it.
  const login = await callApi(baseUrl, 'POST', '/auth/login', {
    body: { email: admin.email, password: admin.password },
  });
  expect(login.status).toBe(200);
  return { ...admin, token: login.body.accessToken as string };
}
