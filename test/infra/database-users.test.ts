/**
 * Per-service DocumentDB users. The handler's logic runs against an in-memory stand-in for the
 * admin database (the embedded server in tools/docdb-local has no user management commands), with
 * the command semantics of DocumentDB: usersInfo, createUser (fails on an existing user),
 * updateUser, dropUser (code 11 on a missing user). The CDK side is asserted on the templates.
 */
import { liveServices, type ServiceName, services } from '@b2b/shared/catalogue';
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseUsername } from '../../lib/constructs/service-database-users.ts';
import {
  type DatabaseUsersEvent,
  type DatabaseUsersProperties,
  type HandlerDependencies,
  handleDatabaseUsers,
} from '../../lib/lambda/database-users/handler.ts';
import type { AdminDatabase } from '../../lib/lambda/database-users/service-users.ts';
import {
  type BuiltPlatform,
  buildPlatform,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  settings,
} from './platform-fixture.ts';

interface StoredUser {
  pwd: string;
  roles: { role: string; db: string }[];
}

class CommandError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** The user-management commands of DocumentDB's admin database, in memory. */
function fakeAdmin() {
  const users = new Map<string, StoredUser>();
  const log: string[] = [];
  let failWith: CommandError | undefined;
  const admin: AdminDatabase = {
    async command(command) {
      const [name, value] = Object.entries(command)[0]!;
      log.push(name);
      if (failWith) throw failWith;
      switch (name) {
        case 'usersInfo': {
          const { user } = value as { user: string };
          const found = users.get(user);
          return { users: found ? [{ user, db: 'admin', roles: found.roles }] : [], ok: 1 };
        }
        case 'createUser':
          if (users.has(value as string)) throw new CommandError(`User "${value}" already exists`, 51003);
          users.set(value as string, {
            pwd: command.pwd as string,
            roles: command.roles as StoredUser['roles'],
          });
          return { ok: 1 };
        case 'updateUser':
          if (!users.has(value as string)) throw new CommandError(`User ${value} not found`, 11);
          users.set(value as string, {
            pwd: command.pwd as string,
            roles: command.roles as StoredUser['roles'],
          });
          return { ok: 1 };
        case 'dropUser':
          if (!users.delete(value as string)) throw new CommandError(`User ${value} not found`, 11);
          return { ok: 1 };
        default:
          throw new CommandError(`no such command: ${name}`, 59);
      }
    },
  };
  return {
    admin,
    users,
    log,
    failNextWith: (error: CommandError) => {
      failWith = error;
    },
  };
}

const MASTER_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:master-AbCdEf';
const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;

function setup(secretValues: Record<string, { username: string; password: string }>) {
  const db = fakeAdmin();
  let open = 0;
  const deps: HandlerDependencies = {
    async readSecret(arn) {
      if (arn === MASTER_ARN)
        return { username: 'b2badmin', password: 'master', host: 'cluster', port: 27117 };
      const value = Object.entries(secretValues).find(([name]) => secretArn(name) === arn)?.[1];
      if (!value) throw new Error(`no secret ${arn}`);
      return value;
    },
    async connect(master) {
      expect(master.username).toBe('b2badmin');
      open++;
      return {
        admin: db.admin,
        close: async () => {
          open--;
        },
      };
    },
  };
  return { db, deps, openConnections: () => open };
}

function properties(names: readonly string[]): DatabaseUsersProperties {
  return {
    MasterSecretArn: MASTER_ARN,
    Users: names.map((name) => ({ Username: name, Database: name, SecretArn: secretArn(name) })),
  };
}

const event = (
  RequestType: DatabaseUsersEvent['RequestType'],
  names: readonly string[],
  oldNames?: readonly string[],
): DatabaseUsersEvent => ({
  RequestType,
  ResourceProperties: properties(names),
  OldResourceProperties: oldNames ? properties(oldNames) : undefined,
});

describe('database-users handler', () => {
  it('creates one user per service with readWrite on its own database only, from its own secret', async () => {
    const { db, deps, openConnections } = setup({
      order: { username: 'order', password: 'order-pw' },
      payment: { username: 'payment', password: 'payment-pw' },
    });
    const answer = await handleDatabaseUsers(event('Create', ['order', 'payment']), deps);
    expect(Object.fromEntries(db.users)).toEqual({
      order: { pwd: 'order-pw', roles: [{ role: 'readWrite', db: 'order' }] },
      payment: { pwd: 'payment-pw', roles: [{ role: 'readWrite', db: 'payment' }] },
    });
    expect(answer.PhysicalResourceId).toBe('documentdb-service-users');
    expect(answer.Data.Actions).toBe('created order; created payment');
    expect(openConnections()).toBe(0);
  });

  it('repeats safely: an existing user gets its secret password back and loses roles added by hand', async () => {
    const { db, deps } = setup({ order: { username: 'order', password: 'from-secret' } });
    await handleDatabaseUsers(event('Create', ['order']), deps);
    db.users.set('order', { pwd: 'changed-by-hand', roles: [{ role: 'readWrite', db: 'payment' }] });
    const answer = await handleDatabaseUsers(event('Update', ['order'], ['order']), deps);
    expect(db.users.get('order')).toEqual({
      pwd: 'from-secret',
      roles: [{ role: 'readWrite', db: 'order' }],
    });
    expect(answer.Data.Actions).toBe('updated order');
    expect(db.log.filter((c) => c === 'createUser')).toHaveLength(1);
  });

  it('keeps the login the secret names after a multi-user rotation (the clone)', async () => {
    const { db, deps } = setup({ order: { username: 'order_clone', password: 'rotated' } });
    await handleDatabaseUsers(event('Update', ['order'], ['order']), deps);
    expect(db.users.get('order_clone')).toEqual({
      pwd: 'rotated',
      roles: [{ role: 'readWrite', db: 'order' }],
    });
  });

  it('drops the user (and its rotation clone) of a service taken off the list, and keeps the others', async () => {
    const { db, deps } = setup({
      order: { username: 'order', password: 'o' },
      search: { username: 'search', password: 's' },
    });
    await handleDatabaseUsers(event('Create', ['order', 'search']), deps);
    db.users.set('search_clone', { pwd: 'c', roles: [{ role: 'readWrite', db: 'search' }] });
    await handleDatabaseUsers(event('Update', ['order'], ['order', 'search']), deps);
    expect([...db.users.keys()]).toEqual(['order']);
  });

  it('drops every listed user on Delete; users already gone are not an error', async () => {
    const { db, deps } = setup({ order: { username: 'order', password: 'o' } });
    await handleDatabaseUsers(event('Create', ['order']), deps);
    const answer = await handleDatabaseUsers(event('Delete', ['order', 'payment']), deps);
    expect(db.users.size).toBe(0);
    expect(answer.Data.Actions).toBe('dropped order');
  });

  it('fails the deployment on any other database error, and still closes the connection', async () => {
    const { db, deps, openConnections } = setup({ order: { username: 'order', password: 'o' } });
    db.failNextWith(new CommandError('not authorized on admin to execute command', 13));
    await expect(handleDatabaseUsers(event('Create', ['order']), deps)).rejects.toThrow(/not authorized/);
    await expect(handleDatabaseUsers(event('Delete', ['order']), deps)).rejects.toThrow(/not authorized/);
    expect(openConnections()).toBe(0);
  });
});

describe('per-service DocumentDB users in the templates', () => {
  let dev: BuiltPlatform;
  beforeAll(() => {
    dev = buildPlatform(settings({ envName: 'dev' }));
  }, SYNTH_TIMEOUT_MS);

  const owners = liveServices().filter((name) => services[name].database);
  const others = liveServices().filter((name) => !services[name].database);

  it('has one generated, rotated secret per database-owning service besides the master secret', () => {
    const data = dev.template('data');
    const secrets = Object.values(resourcesOf(data, 'AWS::SecretsManager::Secret'));
    // The template is a Fn::Join when it carries the master secret's ARN (`masterarn`): read it as text.
    const usernames = secrets.map(
      (s) => /username\\":\\"(\w+)/.exec(JSON.stringify(s.Properties!.GenerateSecretString))?.[1],
    );
    const withMasterArn = secrets.filter((s) => JSON.stringify(s.Properties).includes('masterarn'));
    expect(withMasterArn).toHaveLength(owners.length);
    expect(usernames.sort()).toEqual(['b2badmin', ...owners.map(databaseUsername)].sort());
    expect(owners.length).toBeGreaterThan(0);
    // Every secret rotates (the services' ones with the multi-user application).
    expect(Object.keys(resourcesOf(data, 'AWS::SecretsManager::RotationSchedule'))).toHaveLength(
      owners.length + 1,
    );
    // The rotation applications are named in the template's SAR mappings, one per rotation.
    const mappings = Object.values((data.toJSON() as { Mappings: Record<string, unknown> }).Mappings);
    const multiUser = mappings.filter((m) =>
      JSON.stringify(m).includes('SecretsManagerMongoDBRotationMultiUser'),
    );
    expect(multiUser).toHaveLength(owners.length);
  });

  it('creates the users through a Node 22 custom resource in the VPC, one per owning service', () => {
    const data = dev.template('data');
    const [resource] = Object.values(resourcesOf(data, 'Custom::DocumentDbServiceUsers'));
    const users = (resource!.Properties!.Users as { Username: string; Database: string }[]).map((u) => [
      u.Username,
      u.Database,
    ]);
    expect(users).toEqual(owners.map((name) => [databaseUsername(name), name]));
    const functions = Object.values(resourcesOf(data, 'AWS::Lambda::Function')).filter((f) =>
      String(f.Properties!.Description).includes('per-service DocumentDB users'),
    );
    expect(functions).toHaveLength(1);
    expect(functions[0]!.Properties!.Runtime).toBe('nodejs22.x');
    expect(functions[0]!.Properties!.VpcConfig).toBeDefined();
  });

  it('hands each task definition its own login only, never the master secret or a neighbour', () => {
    const tasks = resourcesOf(dev.template('services'), 'AWS::ECS::TaskDefinition');
    const secretsOf = (name: ServiceName) => {
      const task = Object.entries(tasks).find(([id]) =>
        id.startsWith(`Service${name.replace(/-/g, '')}Task`),
      )![1];
      const containers = task.Properties!.ContainerDefinitions as {
        Secrets?: { Name: string; ValueFrom: unknown }[];
      }[];
      return containers.flatMap((c) => c.Secrets ?? []).filter((s) => s.Name.startsWith('DOCDB_'));
    };
    for (const name of owners) {
      const own = secretsOf(name);
      expect(own.map((s) => s.Name).sort()).toEqual([
        'DOCDB_HOST',
        'DOCDB_PASSWORD',
        'DOCDB_PORT',
        'DOCDB_USERNAME',
      ]);
      for (const secret of own) {
        const ref = JSON.stringify(secret.ValueFrom);
        expect(ref).toContain(`ServiceUsersSecret${name}Attachment`);
        expect(ref).not.toContain('ClusterSecretAttachment');
      }
    }
    for (const name of others) expect(secretsOf(name)).toEqual([]);
    // And the execution roles may read only their own secret.
    const policies = JSON.stringify(resourcesOf(dev.template('services'), 'AWS::IAM::Policy'));
    expect(policies).not.toContain('ClusterSecretAttachment');
  });
});
