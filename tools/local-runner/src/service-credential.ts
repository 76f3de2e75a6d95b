/**
 * The local stand-in for the Secrets Manager service credential: `.data/service-credential`,
 * created once with 32 random bytes (mode 0600) and then reused, so services restarted by hand
 * keep calling each other. Every child process gets it as SERVICE_CREDENTIAL.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateServiceCredential, MIN_SERVICE_CREDENTIAL_LENGTH } from '@b2b/shared/internal';

export const SERVICE_CREDENTIAL_FILE = 'service-credential';

export function loadOrCreateServiceCredential(dataDir: string): string {
  const file = path.join(dataDir, SERVICE_CREDENTIAL_FILE);
  // Written whole to a private temporary file, then linked into place: link() fails if the file
  // exists and is atomic, so a runner starting at the same moment either wins or reads a complete
  // file, never an empty or half-written one, and never overwrites another's credential.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${generateServiceCredential()}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temporary);
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
