/**
 * The user service's vitest fixture: `svc`, one user app per test file on the file's embedded
 * database (from @b2b/test-kit), closed after the file. Tests that need a second app with other
 * options (a held password hasher, an empty database) call startUserApp(dbServer, options).
 *
 *   import { it } from './support/user-test.ts';
 *   it('registers', async ({ svc }) => { await svc.register(); });
 */
import { databaseTest } from '@b2b/test-kit/fixtures';
import { startUserApp, type UserAppOptions } from './user-app.ts';

/** A test API whose `svc` is built with `options` (e.g. a key ring the test swaps). */
export function userTest(options: UserAppOptions = {}) {
  return databaseTest.extend('svc', { scope: 'file' }, async ({ dbServer }, { onCleanup }) => {
    const svc = await startUserApp(dbServer, options);
    onCleanup(() => svc.close());
    return svc;
  });
}

export const it = userTest();
