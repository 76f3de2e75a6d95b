/** The vitest fixture: `svc`, one notification app per test file on the file's embedded database. */
import { databaseTest } from '@b2b/test-kit/fixtures';
import { startNotificationApp } from './notification-app.ts';

export const it = databaseTest.extend('svc', { scope: 'file' }, async ({ dbServer }, { onCleanup }) => {
  const svc = await startNotificationApp(dbServer);
  onCleanup(() => svc.close());
  return svc;
});
