/**
 * One server per data directory. On Linux the lock is a UNIX socket in the abstract namespace,
 * named after the directory's real path: binding it is atomic, and the kernel releases it the
 * moment the holder's file descriptors close — when it exits or is killed -9, before its parent
 * reaps it — so a dead holder (even a zombie) never blocks a restart and a reused pid never fools
 * it. There is no file to go stale. The pid file next to the journal only names the holder in the
 * error message. Elsewhere (macOS) the pid file is the lock, with a liveness check of the pid.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const LOCK_FILE = 'docdb-local.lock';

/** Directories this process holds, for a clearer message than "in use by process <own pid>". */
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {}

/** Takes the lock of `dir` (which must exist) or throws DataDirInUseError; resolves with its release. */
export async function acquireDirLock(dir: string): Promise<() => void> {
  const key = fs.realpathSync(dir);
  if (heldHere.has(key)) throw new DataDirInUseError(`data directory ${dir} is in use by this process`);
  const pidFile = path.join(dir, LOCK_FILE);
  const releaseHold =
    process.platform === 'linux' ? await bindLockSocket(key, dir, pidFile) : takePidFile(dir, pidFile);
  heldHere.add(key);
  fs.writeFileSync(pidFile, String(process.pid));
  let released = false;
  return () => {
    if (released) return;
    released = true;
    heldHere.delete(key);
    fs.rmSync(pidFile, { force: true });
    releaseHold();
  };
}

function bindLockSocket(key: string, dir: string, pidFile: string): Promise<() => void> {
  // Abstract names are not files (no stale socket, no 108-byte path limit): hash the real path.
  const name = `\0docdb-local:${createHash('sha256').update(key).digest('hex')}`;
  const server = net.createServer((socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new DataDirInUseError(inUseMessage(dir, readHolder(pidFile))));
      else reject(err);
    });
    server.listen({ path: name, exclusive: true }, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(() => server.close());
    });
  });
}

function takePidFile(dir: string, pidFile: string): () => void {
  try {
    fs.writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = readHolder(pidFile);
    if (holder !== undefined && holder !== process.pid && pidAlive(holder)) {
      throw new DataDirInUseError(inUseMessage(dir, holder));
    }
    // Left behind by a process that died (kill -9): take it over.
  }
  return () => {};
}

function inUseMessage(dir: string, holder: number | undefined): string {
  return `data directory ${dir} is in use by ${holder === undefined ? 'another process' : `process ${holder}`}`;
}

function readHolder(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
