import net from 'node:net';
import { deserialize, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

const env = useServer();

function opMsg(doc: object, requestId: number): Buffer {
  const body = Buffer.from(serialize(doc));
  const msg = Buffer.concat([Buffer.alloc(21), body]);
  msg.writeInt32LE(msg.length, 0);
  msg.writeInt32LE(requestId, 4);
  msg.writeInt32LE(2013, 12);
  return msg;
}

/** Writes `pieces` one after another (each handed to the kernel before the next) and collects `replies` replies. */
function exchange(port: number, pieces: Buffer[], replies: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    const out: Record<string, unknown>[] = [];
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        const len = buf.readInt32LE(0);
        out.push({ responseTo: buf.readInt32LE(8), ...deserialize(buf.subarray(21, len)) });
        buf = buf.subarray(len);
      }
      if (out.length === replies) {
        socket.end();
        resolve(out);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after ${out.length} replies`)));
    socket.once('connect', async () => {
      for (const piece of pieces) await new Promise((r) => socket.write(piece, r));
    });
  });
}

describe('message framing', () => {
  it('reassembles messages split inside their length prefix and pipelined back to back', async () => {
    const first = opMsg({ ping: 1, $db: 'admin' }, 11);
    const second = opMsg({ insert: 'framing', documents: [{ _id: 1 }, { _id: 2 }], $db: 'test' }, 12);
    const both = Buffer.concat([first, second]);
    // One byte at a time for the first length prefix, then the rest with the second message's
    // length prefix cut in two.
    const cut = first.length + 2;
    const pieces = [
      ...[0, 1, 2, 3].map((i) => both.subarray(i, i + 1)),
      both.subarray(4, cut),
      both.subarray(cut),
    ];
    const replies = await exchange(env.server.port, pieces, 2);
    expect(replies).toEqual([
      { responseTo: 11, ok: 1 },
      { responseTo: 12, n: 2, ok: 1 },
    ]);
  });

  it('accepts a 30 MB message arriving in 64 KiB pieces', async () => {
    const blob = 'y'.repeat(1024 * 1024);
    const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `big${i}`, blob }));
    // A kind-1 document sequence carries the documents, as the driver sends them.
    const body = Buffer.from(serialize({ insert: 'framing', $db: 'test' }));
    const payload = Buffer.concat([
      Buffer.from('documents\0'),
      ...docs.map((d) => Buffer.from(serialize(d))),
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    const msg = Buffer.concat([Buffer.alloc(20), Buffer.from([0]), body, Buffer.from([1]), size, payload]);
    msg.writeInt32LE(msg.length, 0);
    msg.writeInt32LE(21, 4);
    msg.writeInt32LE(2013, 12);
    expect(msg.length).toBeGreaterThan(30_000_000);
    const pieces: Buffer[] = [];
    for (let at = 0; at < msg.length; at += 64 * 1024) pieces.push(msg.subarray(at, at + 64 * 1024));
    const [reply] = await exchange(env.server.port, pieces, 1);
    expect(reply).toEqual({ responseTo: 21, n: 30, ok: 1 });
    expect(await env.db.collection('framing').countDocuments({ blob })).toBe(30);
  });
});
