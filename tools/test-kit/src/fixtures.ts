/**
 * The "app + embedded database" setup every test file used to repeat, as vitest fixtures:
 *
 *   import { databaseTest } from '@b2b/test-kit/fixtures';
 *   const it = databaseTest.extend('svc', { scope: 'file' }, async ({ fileMongo }, { onCleanup }) => {
 *     const app = await buildMyApp(fileMongo);
 *     onCleanup(() => app.close());
 *     return app;
 *   });
 *   it('does a thing', async ({ svc }) => { ... });
 *
 * One embedded server per test file (started on first use, closed after the file), and either a
 * database shared by the file (`fileMongo`) or a fresh one per test (`mongo`), each closed after
 * its scope. Database names are unique, so parallel files and tests never see each other's data.
 */
import { randomUUID } from 'node:crypto';
import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import { createMongo, type Mongo } from '@b2b/shared/db';
import { test } from 'vitest';

/** A database name nobody else uses: `<prefix>_<8 hex>`. */
export function freshDbName(prefix = 'test'): string {
  return `${prefix}_${randomUUID().slice(0, 8)}`;
}

/** A handle on a fresh database of `server`; close it when done. */
export function freshMongo(server: { uri: string }, prefix = 'test'): Mongo {
  return createMongo({ uri: server.uri, dbName: freshDbName(prefix), appName: 'test-kit' });
}

export const databaseTest = test
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this pattern
  .extend('dbServer', { scope: 'file' }, async ({}, { onCleanup }): Promise<EmbeddedServer> => {
    const server = await startEmbeddedServer();
    onCleanup(() => server.close());
    return server;
  })
  .extend('fileMongo', { scope: 'file' }, async ({ dbServer }, { onCleanup }): Promise<Mongo> => {
    const mongo = freshMongo(dbServer);
    onCleanup(() => mongo.close());
    return mongo;
  })
  .extend('mongo', async ({ dbServer }, { onCleanup }): Promise<Mongo> => {
    const mongo = freshMongo(dbServer);
    onCleanup(() => mongo.close());
    return mongo;
  });
