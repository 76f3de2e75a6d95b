/** A data directory: journal recovery on start, a lock against two servers sharing it. */
import fs from 'node:fs';
import path from 'node:path';
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
const LOCK = 'docdb-local.lock';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Directories this process has open (the lock file alone cannot tell two of ours apart). */
const heldHere = new Set<string>();

function acquireLock(dir: string): () => void {
  const lock = path.join(dir, LOCK);
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw new Error(`data directory ${dir} is in use by this process`);
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && pidAlive(holder)) {
      throw new Error(`data directory ${dir} is in use by process ${holder}`);
    }
    // Left behind by a process that died (kill -9): take it over.
    fs.writeFileSync(lock, String(process.pid));
  }
  heldHere.add(key);
  return () => {
    heldHere.delete(key);
    fs.rmSync(lock, { force: true });
  };
}

export function openDataDir(dir: string, opts: DataDirOptions = {}): OpenedDataDir {
  const log = opts.log ?? ((m: string) => process.stderr.write(`docdb-local: ${m}\n`));
  fs.mkdirSync(dir, { recursive: true });
  const release = acquireLock(dir);
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
