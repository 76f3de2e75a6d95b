/**
 * What the database-users custom resource does on the cluster, without AWS or a network: the
 * handler (handler.ts) reads the secrets and opens the connection, this file issues the user
 * management commands on the `admin` database. DocumentDB keeps every user in `admin`.
 */

/** The one database command surface the logic needs (the driver's `client.db('admin')`). */
export interface AdminDatabase {
  command(command: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** One service's login: read and write on its own database, nothing else. */
export interface ServiceUser {
  readonly username: string;
  readonly password: string;
  readonly database: string;
}

/** The multi-user rotation alternates between the user and this clone (same roles). */
export function rotationCloneName(username: string): string {
  return `${username}_clone`;
}

/** MongoDB's and DocumentDB's error code for "no such user" (dropUser of a missing user). */
const USER_NOT_FOUND = 11;

function rolesOf(user: ServiceUser) {
  return [{ role: 'readWrite', db: user.database }];
}

async function userExists(admin: AdminDatabase, username: string): Promise<boolean> {
  const answer = await admin.command({ usersInfo: { user: username, db: 'admin' } });
  return Array.isArray(answer.users) && answer.users.length > 0;
}

/**
 * Creates each user, or brings an existing one back to its secret's password and to readWrite on
 * its own database only (an Update after a secret was replaced, or roles someone widened by hand).
 * Idempotent: CloudFormation may send the same event twice.
 */
export async function ensureServiceUsers(
  admin: AdminDatabase,
  users: readonly ServiceUser[],
): Promise<string[]> {
  const actions: string[] = [];
  for (const user of users) {
    if (await userExists(admin, user.username)) {
      await admin.command({ updateUser: user.username, pwd: user.password, roles: rolesOf(user) });
      actions.push(`updated ${user.username}`);
    } else {
      await admin.command({ createUser: user.username, pwd: user.password, roles: rolesOf(user) });
      actions.push(`created ${user.username}`);
    }
  }
  return actions;
}

/** Drops the users and their rotation clones; a user that is already gone is not an error. */
export async function dropServiceUsers(
  admin: AdminDatabase,
  usernames: readonly string[],
): Promise<string[]> {
  const actions: string[] = [];
  for (const name of usernames.flatMap((username) => [username, rotationCloneName(username)])) {
    try {
      await admin.command({ dropUser: name });
      actions.push(`dropped ${name}`);
    } catch (err) {
      if ((err as { code?: unknown }).code !== USER_NOT_FOUND) throw err;
    }
  }
  return actions;
}
