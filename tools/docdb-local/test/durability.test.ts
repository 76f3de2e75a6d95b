import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedServer } from '../src/index.ts';
import { waitFor } from './helpers.ts';

const bin = path.resolve(import.meta.dirname, '../bin/docdb-local.mjs');
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docdb-local-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Starts the CLI and resolves with its URI once it printed the ready line. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      const m = /^ready (mongodb:\/\/\S+)$/.exec(line);
      if (m) resolve({ child, uri: m[1] as string });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('durability', () => {
  it('keeps every acknowledged write when the process is killed with SIGKILL mid-stream', async () => {
    const dir = tempDir();
    const { child, uri } = await startChild(dir);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, retryWrites: false });
    await client.connect();
    const coll = client.db('durable').collection<{ _id: number; w: number }>('events');
    await coll.createIndex({ w: 1 }, { unique: true });
    const acknowledged: number[] = [];
    let next = 0;
    // Four writers stream inserts and updates until the server dies under them.
    const writers = Array.from({ length: 4 }, async () => {
      for (;;) {
        const id = next++;
        try {
          await coll.insertOne({ _id: id, w: id });
          acknowledged.push(id);
        } catch {
          return;
        }
      }
    });
    const deadline = Date.now() + 10_000;
    while (acknowledged.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const gone = exited(child);
    child.kill('SIGKILL');
    expect((await gone).signal).toBe('SIGKILL');
    await Promise.all(writers);
    await client.close(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const restarted = await startEmbeddedServer({ dataDir: dir });
    const again = new MongoClient(restarted.uri);
    try {
      const ids = new Set(
        (await again.db('durable').collection('events').find({}).toArray()).map(
          (d) => d._id as unknown as number,
        ),
      );
      const lost = acknowledged.filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      const idx = await again.db('durable').collection('events').listIndexes().toArray();
      expect(idx.map((i) => i.name)).toContain('w_1');
    } finally {
      await again.close();
      await restarted.close();
    }
  });

  it('exits 0 on SIGTERM after flushing', async () => {
    const dir = tempDir();
    const { child, uri } = await startChild(dir);
    const client = new MongoClient(uri);
    await client.db('d').collection('c').insertOne({ ok: true });
    await client.close();
    const gone = exited(child);
    child.kill('SIGTERM');
    expect((await gone).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'docdb-local.lock'))).toBe(false);
    const server = await startEmbeddedServer({ dataDir: dir });
    const c = new MongoClient(server.uri);
    expect(await c.db('d').collection('c').countDocuments({ ok: true })).toBe(1);
    await c.close();
    await server.close();
  });

  it('stops cleanly when the shell that started it dies (npx runs it under sh -c)', async () => {
    const dir = tempDir();
    // `; true` makes the shell fork the server rather than exec it, as npx's `sh -c` does on Debian.
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${bin}" --port 0 --data-dir "${dir}"; true`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const uri = await new Promise<string>((resolve, reject) => {
      createInterface({ input: shell.stdout as NodeJS.ReadableStream }).once('line', (line) => {
        const m = /^ready (mongodb:\/\/\S+)$/.exec(line);
        if (m) resolve(m[1] as string);
        else reject(new Error(`unexpected first line: ${line}`));
      });
    });
    const client = new MongoClient(uri);
    await client.db('d').collection('c').insertOne({ before: 'shell died' });
    await client.close();
    const serverPid = Number(fs.readFileSync(path.join(dir, 'docdb-local.lock'), 'utf8'));
    expect(serverPid).not.toBe(shell.pid);
    const shellGone = exited(shell);
    shell.kill('SIGTERM');
    expect((await shellGone).signal).toBe('SIGTERM');
    const alive = () => {
      try {
        process.kill(serverPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await waitFor(() => !alive(), 10_000, 'the orphaned server to stop');
    } finally {
      if (alive()) process.kill(serverPid, 'SIGKILL');
    }
    // It shut down cleanly: lock released, write kept.
    expect(fs.existsSync(path.join(dir, 'docdb-local.lock'))).toBe(false);
    const server = await startEmbeddedServer({ dataDir: dir });
    const c = new MongoClient(server.uri);
    expect(await c.db('d').collection('c').countDocuments({ before: 'shell died' })).toBe(1);
    await c.close();
    await server.close();
  });

  it('recovers from a torn last record by discarding it with a warning', async () => {
    const dir = tempDir();
    const first = await startEmbeddedServer({ dataDir: dir });
    const c1 = new MongoClient(first.uri);
    await c1
      .db('d')
      .collection('c')
      .insertMany([{ n: 1 }, { n: 2 }]);
    await c1.close();
    await first.close();
    const journal = path.join(dir, 'journal.bin');
    const intact = fs.statSync(journal).size;
    // Half a record: a header promising more bytes than follow.
    fs.appendFileSync(journal, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]));
    const warnings: string[] = [];
    const second = await startEmbeddedServer({ dataDir: dir, log: (m) => warnings.push(m) });
    const c2 = new MongoClient(second.uri);
    expect(await c2.db('d').collection('c').countDocuments({})).toBe(2);
    await c2.db('d').collection('c').insertOne({ n: 3 });
    await c2.close();
    await second.close();
    expect(warnings.join('\n')).toMatch(/torn/);
    expect(fs.statSync(journal).size).toBeGreaterThan(intact);
    const third = await startEmbeddedServer({ dataDir: dir });
    const c3 = new MongoClient(third.uri);
    expect(await c3.db('d').collection('c').countDocuments({})).toBe(3);
    await c3.close();
    await third.close();
  });

  it('refuses to start on a damaged record in the middle rather than discard the writes after it', async () => {
    const dir = tempDir();
    const first = await startEmbeddedServer({ dataDir: dir });
    const c1 = new MongoClient(first.uri);
    const coll = c1.db('d').collection('c');
    for (let n = 1; n <= 3; n++) await coll.insertOne({ n });
    await c1.close();
    await first.close();
    const journal = path.join(dir, 'journal.bin');
    const bytes = fs.readFileSync(journal);
    // Flip one byte inside the first record's payload (its checksum no longer matches).
    bytes[12] = (bytes[12] as number) ^ 0xff;
    fs.writeFileSync(journal, bytes);
    await expect(startEmbeddedServer({ dataDir: dir, log: () => undefined })).rejects.toThrow(
      /damaged at byte 0/,
    );
    expect(fs.readFileSync(journal).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'docdb-local.lock'))).toBe(false);
  });

  it('treats zeros after the last record (a torn tail as some filesystems leave it) as torn', async () => {
    const dir = tempDir();
    const first = await startEmbeddedServer({ dataDir: dir });
    const c1 = new MongoClient(first.uri);
    await c1.db('d').collection('c').insertOne({ n: 1 });
    await c1.close();
    await first.close();
    fs.appendFileSync(path.join(dir, 'journal.bin'), Buffer.alloc(4096));
    const warnings: string[] = [];
    const second = await startEmbeddedServer({ dataDir: dir, log: (m) => warnings.push(m) });
    const c2 = new MongoClient(second.uri);
    expect(await c2.db('d').collection('c').countDocuments({})).toBe(1);
    await c2.close();
    await second.close();
    expect(warnings.join('\n')).toMatch(/torn/);
  });

  it('journals a committed transaction as one record: a torn commit loses all of it, never half', async () => {
    const dir = tempDir();
    const first = await startEmbeddedServer({ dataDir: dir });
    const c1 = new MongoClient(first.uri);
    await c1
      .db('d')
      .collection('orders')
      .insertOne({ _id: 'o1', status: 'new' } as never);
    await c1.db('d').createCollection('outbox');
    const journal = path.join(dir, 'journal.bin');
    const beforeCommit = fs.statSync(journal).size;
    const session = c1.startSession();
    await session.withTransaction(async () => {
      await c1
        .db('d')
        .collection('orders')
        .updateOne({ _id: 'o1' } as never, { $set: { status: 'paid' } }, { session });
      await c1.db('d').collection('outbox').insertOne({ type: 'order.paid' }, { session });
    });
    await session.endSession();
    await c1.close();
    await first.close();
    const afterCommit = fs.statSync(journal).size;
    // Cut the commit record short, as a crash in the middle of writing it would.
    fs.truncateSync(journal, beforeCommit + Math.floor((afterCommit - beforeCommit) / 2));
    const second = await startEmbeddedServer({ dataDir: dir, log: () => undefined });
    const c2 = new MongoClient(second.uri);
    expect(
      (
        await c2
          .db('d')
          .collection('orders')
          .findOne({ _id: 'o1' } as never)
      )?.status,
    ).toBe('new');
    expect(await c2.db('d').collection('outbox').countDocuments({})).toBe(0);
    await c2.close();
    await second.close();
  });

  it('compacts the journal so it stays proportional to live data', async () => {
    const dir = tempDir();
    const server = await startEmbeddedServer({ dataDir: dir, minCompactBytes: 256 * 1024 });
    const client = new MongoClient(server.uri);
    const coll = client.db('d').collection<{ _id: number; payload: string; v: number }>('c');
    await coll.insertMany(
      Array.from({ length: 100 }, (_, i) => ({ _id: i, payload: 'x'.repeat(200), v: 0 })),
    );
    for (let round = 0; round < 40; round++) await coll.updateMany({}, { $inc: { v: 1 } });
    const size = fs.statSync(path.join(dir, 'journal.bin')).size;
    // 4,100 document writes of ~250 bytes (~1 MB) without compaction; live data is ~25 kB.
    expect(size).toBeLessThan(600 * 1024);
    await client.close();
    await server.close();
    const again = await startEmbeddedServer({ dataDir: dir });
    const c2 = new MongoClient(again.uri);
    const docs = await c2.db('d').collection('c').find({}).toArray();
    expect(docs).toHaveLength(100);
    expect(docs.every((d) => d.v === 40)).toBe(true);
    await c2.close();
    await again.close();
  });

  it('journals a command that changes more than 16 MiB, and compacts such data', async () => {
    const dir = tempDir();
    // A small compaction threshold, so the large records are also rewritten as a snapshot.
    const server = await startEmbeddedServer({ dataDir: dir, minCompactBytes: 1024 * 1024 });
    const client = new MongoClient(server.uri);
    const coll = client.db('d').collection<{ _id: number; blob: string; v?: number }>('big');
    const blob = 'z'.repeat(1024 * 1024);
    await coll.insertMany(Array.from({ length: 24 }, (_, i) => ({ _id: i, blob })));
    // One command rewriting 24 MB of documents: one journal record larger than a BSON document may be.
    const updated = await coll.updateMany({}, { $set: { v: 1 } });
    expect(updated.modifiedCount).toBe(24);
    await client.close();
    await server.close();
    const again = await startEmbeddedServer({ dataDir: dir, log: () => undefined });
    // Start-up compaction rewrote ~48 MB of records as the ~24 MB of live documents.
    expect(fs.statSync(path.join(dir, 'journal.bin')).size).toBeLessThan(26 * 1024 * 1024);
    const c2 = new MongoClient(again.uri);
    const big = c2.db('d').collection('big');
    expect(await big.countDocuments({ v: 1, blob })).toBe(24);
    await c2.close();
    await again.close();
  });

  it('refuses a data directory another live server holds', async () => {
    const dir = tempDir();
    const server = await startEmbeddedServer({ dataDir: dir });
    await expect(startEmbeddedServer({ dataDir: dir })).rejects.toThrow(/in use/);
    await server.close();
  });

  it('closes once: a second close() does not release a directory a new server holds', async () => {
    const dir = tempDir();
    const first = await startEmbeddedServer({ dataDir: dir });
    await first.close();
    const second = await startEmbeddedServer({ dataDir: dir });
    await first.close();
    expect(fs.existsSync(path.join(dir, 'docdb-local.lock'))).toBe(true);
    await expect(startEmbeddedServer({ dataDir: dir })).rejects.toThrow(/in use/);
    await second.close();
  });
});
