import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KeySetStore } from './key-set-store.ts';

/** Local development: `${DATA_DIR}/jwt-keys.json`, readable by the owner only. */
export function createFileKeySetStore(path: string): KeySetStore {
  return {
    description: path,
    async read() {
      try {
        return JSON.parse(await readFile(path, 'utf8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async createIfAbsent(set) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      try {
        // `wx`: only the first writer wins, a concurrent start keeps the winner's keys.
        await writeFile(path, JSON.stringify(set, null, 2), { flag: 'wx', mode: 0o600 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    },
    async replace(set) {
      // Write then rename, so a crash never leaves a half-written key file.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(set, null, 2), { mode: 0o600 });
      await rename(tmp, path);
    },
  };
}
