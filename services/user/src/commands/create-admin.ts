import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { loadUserConfig } from '../config.ts';
import { createPlatformAdmin } from '../domain/platform-admin.ts';
import { createPasswordHasher } from '../passwords/hasher.ts';
import { UserRepository } from '../repositories/users.ts';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/**
 * `create-admin --email admin@example.com [--name "Ops Admin"]`: the first platform administrator
 * in AWS (an ECS one-off task). The password comes from stdin when piped; otherwise a random one is
 * generated and printed once. There is no default password.
 */
export async function createAdminCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: 'string' }, name: { type: 'string', default: 'Platform administrator' } },
  });
  if (!values.email) throw new Error('--email is required');
  const config = loadUserConfig();
  const supplied = await readStdin();
  const password = supplied || randomBytes(18).toString('base64url');
  const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'user-create-admin' }));
  try {
    const users = new UserRepository(mongo.db);
    await users.ensureIndexes();
    const { created, user } = await createPlatformAdmin(
      { users, hasher: await createPasswordHasher(), now: () => new Date() },
      { email: values.email, name: values.name, password },
    );
    if (!created) {
      process.stdout.write(`admin ${user.email} already exists (id ${user._id}); nothing changed\n`);
    } else if (supplied) {
      process.stdout.write(`admin ${user.email} created (id ${user._id}) with the password from stdin\n`);
    } else {
      process.stdout.write(
        `admin ${user.email} created (id ${user._id})\none-time password (shown once, change it with a password reset): ${password}\n`,
      );
    }
  } finally {
    await mongo.close();
  }
}
