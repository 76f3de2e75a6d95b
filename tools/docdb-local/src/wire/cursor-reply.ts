/**
 * Cursor replies assembled from individually serialised documents, so a batch can stop at the
 * size limit without serialising anything twice.
 */
import { serialize } from 'bson';
import type { Doc } from '../values.ts';

/** Total bytes of documents a single batch may carry (the reply must stay under 16 MiB + overhead). */
export const BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

function cstring(s: string): Buffer {
  return Buffer.from(s + '\0', 'utf8');
}

function element(type: number, key: string, value: Buffer): Buffer[] {
  return [Buffer.from([type]), cstring(key), value];
}

function document(parts: Buffer[]): Buffer {
  const len = parts.reduce((n, p) => n + p.length, 0) + 5;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(len, 0);
  return Buffer.concat([head, ...parts, Buffer.from([0])], len);
}

export function serializeDoc(doc: Doc): Buffer {
  return Buffer.from(serialize(doc, { ignoreUndefined: true }));
}

/** Serialises documents from `docs[start]` on until `max` documents or the byte budget. */
export function takeBatch(
  docs: readonly Doc[],
  start: number,
  max: number,
  project?: (d: Doc) => Doc,
): Buffer[] {
  const out: Buffer[] = [];
  let bytes = 0;
  for (let i = start; i < docs.length && out.length < max; i++) {
    const buf = serializeDoc(project ? project(docs[i] as Doc) : (docs[i] as Doc));
    if (bytes + buf.length > BATCH_BYTES && out.length > 0) break;
    bytes += buf.length;
    out.push(buf);
  }
  return out;
}

export function encodeCursorReply(
  field: 'firstBatch' | 'nextBatch',
  batch: Buffer[],
  id: bigint,
  ns: string,
): Buffer {
  const items: Buffer[] = [];
  batch.forEach((b, i) => {
    items.push(...element(0x03, String(i), b));
  });
  const idBuf = Buffer.allocUnsafe(8);
  idBuf.writeBigInt64LE(id, 0);
  const nsBytes = Buffer.from(ns, 'utf8');
  const nsBuf = Buffer.allocUnsafe(4);
  nsBuf.writeInt32LE(nsBytes.length + 1, 0);
  const cursor = document([
    ...element(0x04, field, document(items)),
    ...element(0x12, 'id', idBuf),
    ...element(0x02, 'ns', Buffer.concat([nsBuf, nsBytes, Buffer.from([0])])),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  return document([...element(0x03, 'cursor', cursor), ...element(0x01, 'ok', ok)]);
}
