/**
 * The local stand-in for the Secrets Manager service credential: `.data/service-credential`,
 * created once with 32 random bytes (mode 0600) and then reused, so services restarted by hand
 * keep calling each other. Every child process gets it as SERVICE_CREDENTIAL.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateServiceCredential, MIN_SERVICE_CREDENTIAL_LENGTH } from '@b2b/shared/internal';

export const SERVICE_CREDENTIAL_FILE = 'service-credential';

export function loadOrCreateServiceCredential(dataDir: string): string {
  const file = path.join(dataDir, SERVICE_CREDENTIAL_FILE);
  try {
    // `wx`: create only if absent, so two runners starting at once cannot overwrite each other's.
    writeFileSync(file, `${generateServiceCredential()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A copy restored from a backup or created by hand may be world-readable: tighten it.
  chmodSync(file, 0o600);
  const credential = readFileSync(file, 'utf8').trim();
  if (credential.length < MIN_SERVICE_CREDENTIAL_LENGTH) {
    throw new Error(
      `${file} holds ${credential.length} characters; a service credential needs at least ` +
        `${MIN_SERVICE_CREDENTIAL_LENGTH}. Delete the file and start again to generate a new one.`,
    );
  }
  return credential;
}
