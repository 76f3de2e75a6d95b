import { parseArgs } from 'node:util';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { loadUserConfig } from '../config.ts';
import { createPlatformAdmin, createPlatformAdminWithSetPasswordToken } from '../domain/platform-admin.ts';
import { createPasswordHasher } from '../passwords/hasher.ts';
import { OneTimeTokenRepository } from '../repositories/one-time-tokens.ts';
import { UserRepository } from '../repositories/users.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/**
 * `create-admin --email admin@example.com [--name "Ops Admin"]`: the first platform administrator
 * in AWS (an ECS one-off task). With a password piped on stdin, the admin gets that password.
 * Otherwise no password is made up: the admin is created without one and the command prints a
 * single-use set-password token valid one hour (the output goes to the task's log group, so it
 * must not be a lasting credential). There is no default password.
 */
export async function createAdminCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string', default: 'Platform administrator' } },
  });
  if (!values.email) throw new Error('--email is required');
  const config = loadUserConfig();
  const supplied = await readStdin();
  const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'user-create-admin' }));
  try {
    const users = new UserRepository(mongo.db);
    const oneTimeTokens = new OneTimeTokenRepository(mongo.db);
    await users.ensureIndexes();
    await oneTimeTokens.ensureIndexes();
    const now = () => new Date();
    const input = { email: values.email, name: values.name };
    if (supplied) {
      const { created, user } = await createPlatformAdmin(
        { users, hasher: await createPasswordHasher(), now },
        { ...input, password: supplied },
      );
      process.stdout.write(
        created
          ? `admin ${user.email} created (id ${user._id}) with the password from stdin\n`
          : `admin ${user.email} already exists (id ${user._id}); nothing changed\n`,
      );
      return;
    }
    const result = await createPlatformAdminWithSetPasswordToken({ users, oneTimeTokens, now }, input);
    if (!('setPasswordToken' in result)) {
      process.stdout.write(
        `admin ${result.user.email} already exists (id ${result.user._id}) and has a password; nothing changed\n`,
      );
      return;
    }
    process.stdout.write(
      `admin ${result.user.email} ${result.created ? 'created' : 'has no password yet'} (id ${result.user._id})\n` +
        `set the password before ${result.expiresAt.toISOString()} (the token works once):\n` +
        `  POST /api/v1/auth/password-reset/confirm {"token":"${result.setPasswordToken}","newPassword":"..."}\n`,
    );
  } finally {
    await mongo.close();
  }
}
