import net from 'node:net';
import { serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startEmbeddedServer } from '../src/index.ts';

/** Deterministic PRNG (mulberry32), so a failing case can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function opMsg(sections: Buffer[], requestId = 1): Buffer {
  const head = Buffer.alloc(20);
  const msg = Buffer.concat([head, ...sections]);
  msg.writeInt32LE(msg.length, 0);
  msg.writeInt32LE(requestId, 4);
  msg.writeInt32LE(2013, 12);
  return msg;
}

function body(doc: object): Buffer {
  return Buffer.concat([Buffer.from([0]), Buffer.from(serialize(doc))]);
}

function sequence(id: string, docs: object[]): Buffer {
  const payload = Buffer.concat([Buffer.from(id + '\0'), ...docs.map((d) => Buffer.from(serialize(d)))]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(payload.length + 4, 0);
  return Buffer.concat([Buffer.from([1]), size, payload]);
}

const seeds: Buffer[] = [
  opMsg([body({ ping: 1, $db: 'admin' })]),
  opMsg([
    body({ insert: 'fz', $db: 'fuzz' }),
    sequence('documents', [{ a: 1 }, { b: 'x', c: [1, 2, { d: null }] }]),
  ]),
  opMsg([body({ find: 'fz', filter: { a: { $gt: 0 } }, sort: { a: -1 }, $db: 'fuzz' })]),
  opMsg([
    body({
      update: 'fz',
      updates: [{ q: { a: 1 }, u: { $inc: { a: 1 }, $push: { l: 2 } }, upsert: true }],
      $db: 'fuzz',
    }),
  ]),
  opMsg([
    body({ aggregate: 'fz', pipeline: [{ $group: { _id: '$a', n: { $sum: 1 } } }], cursor: {}, $db: 'fuzz' }),
  ]),
];

function mutate(msg: Buffer, random: () => number): Buffer {
  const out = Buffer.from(msg);
  const kind = Math.floor(random() * 5);
  if (kind === 0) {
    // Flip a few bytes anywhere after the length.
    for (let i = 0; i < 1 + random() * 4; i++)
      out[4 + Math.floor(random() * (out.length - 4))] = Math.floor(random() * 256);
    return out;
  }
  if (kind === 1) return out.subarray(0, 16 + Math.floor(random() * (out.length - 16))); // truncated
  if (kind === 2) {
    // Truncated but with the header length patched to match: a short, self-consistent message.
    const cut = Buffer.from(out.subarray(0, 16 + Math.floor(random() * (out.length - 16))));
    cut.writeInt32LE(cut.length, 0);
    return cut;
  }
  if (kind === 3) {
    // Corrupt a length field inside (document or section size).
    const at = 20 + Math.floor(random() * Math.max(1, out.length - 24));
    if (at + 4 <= out.length)
      out.writeInt32LE(Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1), at);
    return out;
  }
  const noise = Buffer.alloc(16 + Math.floor(random() * 200));
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
  noise.writeInt32LE(noise.length, 0);
  return noise;
}

/** Sends raw bytes, half-closes, and resolves once the server has closed its side. */
function sendRaw(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

let server: EmbeddedServer;
let client: MongoClient;
const logged: string[] = [];

beforeAll(async () => {
  server = await startEmbeddedServer({ log: (m) => logged.push(m) });
  client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('malformed input', () => {
  it('survives random and mutated messages while other connections keep working', async () => {
    const random = rng(20240501);
    const coll = client.db('fuzz').collection('healthy');
    for (let round = 0; round < 30; round++) {
      const batch = Array.from({ length: 20 }, () =>
        mutate(seeds[Math.floor(random() * seeds.length)] as Buffer, random),
      );
      await Promise.all(batch.map((m) => sendRaw(server.port, m)));
      // The driver's own connection is unaffected.
      await coll.insertOne({ round });
      expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
    }
    expect(await coll.countDocuments({})).toBe(30);
    expect(logged.filter((l) => /internal error|failed:/.test(l))).toEqual([]);
  });

  it('closes the connection on a message larger than 48 MB without reading it', async () => {
    const head = Buffer.alloc(16);
    head.writeInt32LE(49_000_000, 0);
    head.writeInt32LE(2013, 12);
    const reply = await sendRaw(server.port, head);
    expect(reply.length).toBe(0);
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
  });

  it('answers a malformed body with an error reply on the same connection', async () => {
    const msg = opMsg([Buffer.from([0, 7, 0, 0, 0, 1, 2, 3])]);
    const reply = await sendRaw(server.port, msg);
    expect(reply.readInt32LE(12)).toBe(2013);
    expect(reply.length).toBe(reply.readInt32LE(0));
  });
});
