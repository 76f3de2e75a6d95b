import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { createPlatformAdminWithSetPasswordToken } from '../src/domain/platform-admin.ts';
import { OneTimeTokenRepository } from '../src/repositories/one-time-tokens.ts';
import { UserRepository } from '../src/repositories/users.ts';
import type { UserApp } from './support/user-app.ts';
import { it } from './support/user-test.ts';

const deps = (svc: UserApp) => ({
  users: new UserRepository(svc.mongo.db),
  oneTimeTokens: new OneTimeTokenRepository(svc.mongo.db),
  now: () => new Date(),
});
const setPassword = (svc: UserApp, token: string, newPassword: string) =>
  svc.call('POST', '/auth/password-reset/confirm', { body: { token, newPassword } });

describe('first administrator without a piped password', () => {
  it('gets no password, only a single-use set-password token; setting it lets them administer', async ({
    svc,
  }) => {
    const email = `first.admin.${Date.now()}@example.com`;
    const first = await createPlatformAdminWithSetPasswordToken(deps(svc), { email, name: 'Ops' });
    if (!('setPasswordToken' in first)) throw new Error('expected a token');
    expect(first.created).toBe(true);
    expect(first.user).toMatchObject({ passwordHash: null, roles: ['admin'], companyId: null });
    expect(first.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);
    // No password exists yet: nothing logs in.
    const none = await svc.call('POST', '/auth/login', { body: { email, password: 'anything at all 123' } });
    expect(none.statusCode).toBe(401);

    // Running the command again before the password is set replaces the token.
    const second = await createPlatformAdminWithSetPasswordToken(deps(svc), { email, name: 'Ops' });
    if (!('setPasswordToken' in second)) throw new Error('expected a token');
    expect(second.created).toBe(false);
    expect(second.user._id).toBe(first.user._id);
    expect((await setPassword(svc, first.setPasswordToken, 'the first admin passphrase')).statusCode).toBe(
      400,
    );

    expect((await setPassword(svc, second.setPasswordToken, 'the first admin passphrase')).statusCode).toBe(
      204,
    );
    expect((await setPassword(svc, second.setPasswordToken, 'another admin passphrase')).statusCode).toBe(
      400,
    );
    const login = await svc.call('POST', '/auth/login', {
      body: { email, password: 'the first admin passphrase' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ status: 'active', roles: ['admin'] });
    const users = await svc.call('GET', '/admin/users', { token: login.json().accessToken });
    expect(users.statusCode).toBe(200);

    // Once the admin has a password, running the command again changes nothing.
    const third = await createPlatformAdminWithSetPasswordToken(deps(svc), { email, name: 'Ops' });
    expect(third).not.toHaveProperty('setPasswordToken');
    expect(third.created).toBe(false);
  });

  it("refuses a company member's email", async ({ svc }) => {
    const member = await svc.register();
    await expect(
      createPlatformAdminWithSetPasswordToken(deps(svc), { email: member.email, name: 'Ops' }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it('the command prints a token, never a password, and the token sets the password', async ({
    svc,
    dbServer,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'create-admin-'));
    try {
      const email = `cli.admin.${Date.now()}@example.com`;
      const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
      const stdout = await new Promise<string>((resolve, reject) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', main, 'create-admin', '--email', email],
          {
            timeout: 20_000,
            env: {
              ...process.env,
              NODE_ENV: 'test',
              MONGODB_URI: dbServer.uri,
              MONGODB_DB_NAME: svc.mongo.db.databaseName,
              EVENT_BUS: 'docstore',
              DATA_DIR: dataDir,
            },
          },
          (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
        );
        // Nothing piped: the command must not wait for a password on stdin.
        child.stdin?.end();
      });
      expect(stdout).toContain(`admin ${email} created`);
      expect(stdout).not.toMatch(/password:/i);
      const token = /"token":"([A-Za-z0-9_-]+)"/.exec(stdout)?.[1];
      expect(token).toBeDefined();
      expect((await setPassword(svc, token!, 'the cli admin passphrase')).statusCode).toBe(204);
      const login = await svc.call('POST', '/auth/login', {
        body: { email, password: 'the cli admin passphrase' },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
