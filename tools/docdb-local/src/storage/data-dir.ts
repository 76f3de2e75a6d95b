/** A data directory: journal recovery on start, a lock against two servers sharing it. */
import fs from 'node:fs';
import path from 'node:path';
import { acquireDirLock } from './dir-lock.ts';
import { Engine } from './engine.ts';
import { FileJournal, type Journal, replay } from './journal.ts';

export interface DataDirOptions {
  log?: (message: string) => void;
  minCompactBytes?: number;
}

export interface OpenedDataDir {
  engine: Engine;
  journal: Journal & { compact(): void; readonly bytes: number };
}

const JOURNAL = 'journal.bin';

export async function openDataDir(dir: string, opts: DataDirOptions = {}): Promise<OpenedDataDir> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`docdb-local: ${m}\n`));
  fs.mkdirSync(dir, { recursive: true });
  const release = await acquireDirLock(dir);
  try {
    const file = path.join(dir, JOURNAL);
    fs.rmSync(`${file}.compact`, { force: true });
    const engine = new Engine();
    const result = replay(file, engine);
    if (result.corruptAt !== undefined) {
      throw new Error(
        `${file} is damaged at byte ${result.corruptAt}, with ${result.tornBytes} bytes from there on: ` +
          'not a torn last write, so docdb-local will not discard them. Move the data directory ' +
          `away to start empty, or truncate the file to ${result.corruptAt} bytes to keep what precedes the damage.`,
      );
    }
    if (result.tornBytes > 0) {
      log(`discarding a torn last record (${result.tornBytes} bytes) at the end of ${file}`);
      fs.truncateSync(file, result.validBytes);
    }
    const journal = new FileJournal(file, engine, opts.minCompactBytes);
    // Start from a compact journal, so it stays proportional to the live data across restarts.
    if (result.records > 0 && journal.bytes > 1024 * 1024) journal.compact();
    const close = journal.close.bind(journal);
    journal.close = () => {
      close();
      release();
    };
    return { engine, journal };
  } catch (err) {
    release();
    throw err;
  }
}
