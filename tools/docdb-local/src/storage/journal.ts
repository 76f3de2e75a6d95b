/**
 * Append-only journal: one record per command, written (synchronously, before the reply) as
 * [u32 payload length][u32 crc32][BSON {o: [ops]}]. A record is either wholly there or, if the
 * process died mid-write, a torn tail that recovery discards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { calculateObjectSize, deserialize, serialize } from 'bson';
import { type Doc, normalize } from '../values.ts';
import type { Engine } from './engine.ts';
import type { JournalOp } from './types.ts';

export interface Journal {
  append(ops: JournalOp[]): void;
  close(): void;
}

const HEADER = 8;
/** Never compact below this size: small journals are cheap to replay. */
const DEFAULT_MIN_COMPACT_BYTES = 16 * 1024 * 1024;
/** A snapshot record closes after this many documents or bytes, whichever comes first. */
const SNAPSHOT_BATCH = 1000;
const SNAPSHOT_BATCH_BYTES = 4 * 1024 * 1024;

/** `{ o: [ops] }` as BSON, from individually serialised ops. */
function encodePayload(ops: JournalOp[]): Buffer {
  // bson's serialize() writes into a fixed ~17 MiB buffer, but one command may change far more
  // than that (an updateMany over large documents, a 48 MB insert); each op alone is at most one
  // document, so the array is assembled here.
  const parts: Uint8Array[] = [];
  ops.forEach((op, i) => {
    parts.push(
      Buffer.from([0x03]),
      Buffer.from(`${i}\0`, 'latin1'),
      serialize(op, { ignoreUndefined: true }),
    );
  });
  const array = bsonDocument(parts);
  return bsonDocument([Buffer.from([0x04]), Buffer.from('o\0', 'latin1'), array]);
}

function bsonDocument(elements: Uint8Array[]): Buffer {
  const length = elements.reduce((n, e) => n + e.length, 0) + 5;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(length, 0);
  return Buffer.concat([head, ...elements, Buffer.from([0])], length);
}

export function encodeRecord(ops: JournalOp[]): Buffer {
  const payload = encodePayload(ops);
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, HEADER);
  return out;
}

export interface ReplayResult {
  records: number;
  /** Bytes of valid records; anything after this was torn. */
  validBytes: number;
  tornBytes: number;
  /**
   * Set when a damaged record is followed by more data: not a torn last write but corruption,
   * and discarding the rest would throw away acknowledged writes.
   */
  corruptAt?: number;
}

/** Applies every intact record of `file` to `engine`. */
export function replay(file: string, engine: Engine): ReplayResult {
  if (!fs.existsSync(file)) return { records: 0, validBytes: 0, tornBytes: 0 };
  const buf = fs.readFileSync(file);
  let offset = 0;
  let records = 0;
  engine.recording = false;
  try {
    while (offset + HEADER <= buf.length) {
      const len = buf.readUInt32LE(offset);
      const sum = buf.readUInt32LE(offset + 4);
      const end = offset + HEADER + len;
      if (end > buf.length) break;
      const payload = buf.subarray(offset + HEADER, end);
      if (crc32(payload) !== sum) break;
      let ops: JournalOp[];
      try {
        const doc = deserialize(payload, {
          promoteValues: false,
          promoteLongs: false,
          promoteBuffers: false,
        }) as Doc;
        ops = (normalize(doc) as Doc).o as JournalOp[];
      } catch {
        break;
      }
      for (const op of ops) engine.apply(op);
      records++;
      offset = end;
    }
  } finally {
    engine.recording = true;
  }
  const tornBytes = buf.length - offset;
  if (tornBytes >= HEADER) {
    const end = offset + HEADER + buf.readUInt32LE(offset);
    // A crash can only tear the last record; a filesystem may also leave zeros after it.
    if (end < buf.length && buf.subarray(offset).some((b) => b !== 0)) {
      return { records, validBytes: offset, tornBytes, corruptAt: offset };
    }
  }
  return { records, validBytes: offset, tornBytes };
}

/** Every collection, index and document of the engine, as journal records. */
function* snapshotRecords(engine: Engine): Generator<Buffer> {
  for (const [db, colls] of engine.dbs) {
    for (const coll of colls.values()) {
      const head: JournalOp[] = [{ op: 'create', db, coll: coll.name, options: coll.options }];
      for (const index of coll.indexes.values()) {
        if (index.name !== '_id_') head.push({ op: 'index', db, coll: coll.name, spec: index.spec });
      }
      yield encodeRecord(head);
      let batch: JournalOp[] = [];
      let batchBytes = 0;
      for (const rec of coll.records.values()) {
        batch.push({ op: 'put', db, coll: coll.name, doc: rec.doc });
        batchBytes += calculateObjectSize(rec.doc);
        if (batch.length >= SNAPSHOT_BATCH || batchBytes >= SNAPSHOT_BATCH_BYTES) {
          yield encodeRecord(batch);
          batch = [];
          batchBytes = 0;
        }
      }
      if (batch.length) yield encodeRecord(batch);
    }
  }
}

export class FileJournal implements Journal {
  private fd: number;
  private size: number;
  /** Journal size right after the last compaction: the measure of live data. */
  private liveBytes: number;

  constructor(
    private readonly file: string,
    private readonly engine: Engine,
    private readonly minCompactBytes = DEFAULT_MIN_COMPACT_BYTES,
  ) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
    this.liveBytes = this.size;
  }

  get bytes(): number {
    return this.size;
  }

  append(ops: JournalOp[]): void {
    const record = encodeRecord(ops);
    let written = 0;
    while (written < record.length) written += fs.writeSync(this.fd, record, written);
    this.size += record.length;
    if (this.size > this.minCompactBytes && this.size > 2 * this.liveBytes) this.compact();
  }

  /** Rewrites the journal as a snapshot of the live data (atomic rename; a crash keeps the old file). */
  compact(): void {
    const tmp = `${this.file}.compact`;
    const fd = fs.openSync(tmp, 'w');
    let size = 0;
    try {
      for (const record of snapshotRecords(this.engine)) {
        let written = 0;
        while (written < record.length) written += fs.writeSync(fd, record, written);
        size += record.length;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.closeSync(this.fd);
    fs.renameSync(tmp, this.file);
    syncDir(path.dirname(this.file));
    this.fd = fs.openSync(this.file, 'a');
    this.size = size;
    this.liveBytes = Math.max(size, 1);
  }

  close(): void {
    if (this.fd < 0) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync directories; the rename itself is still atomic.
  }
}
