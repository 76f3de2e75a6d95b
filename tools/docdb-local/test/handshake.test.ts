import net from 'node:net';
import { deserialize, serialize } from 'bson';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

const env = useServer();

/** Sends one raw wire message and returns the raw reply. */
function roundTrip(port: number, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(message));
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        socket.end();
        resolve(buf.subarray(0, buf.readInt32LE(0)));
      }
    });
    socket.on('error', reject);
  });
}

function opQuery(cmd: object): Buffer {
  const ns = Buffer.from('admin.$cmd\0');
  const body = Buffer.from(serialize(cmd));
  const head = Buffer.alloc(16 + 4);
  const tail = Buffer.alloc(8);
  tail.writeInt32LE(0, 0);
  tail.writeInt32LE(-1, 4);
  const msg = Buffer.concat([head, ns, tail, body]);
  msg.writeInt32LE(msg.length, 0);
  msg.writeInt32LE(7, 4);
  msg.writeInt32LE(2004, 12);
  return msg;
}

describe('handshake', () => {
  it('answers a legacy OP_QUERY isMaster with an OP_REPLY', async () => {
    const reply = await roundTrip(env.server.port, opQuery({ isMaster: 1, helloOk: true }));
    expect(reply.readInt32LE(12)).toBe(1); // OP_REPLY
    expect(reply.readInt32LE(8)).toBe(7); // responseTo
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned
    const doc = deserialize(reply.subarray(36));
    expect(doc.ismaster).toBe(true);
    expect(doc.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(doc.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(doc.topologyVersion).toBeUndefined();
  });

  it('reports a one-member replica-set primary at the address the client used', async () => {
    const hello = await env.db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.setName).toBe('rs0');
    expect(hello.hosts).toEqual([`127.0.0.1:${env.server.port}`]);
    expect(hello.msg).toBeUndefined();
    expect(env.server.uri).toBe(`mongodb://127.0.0.1:${env.server.port}/`);
  });

  it('answers ping, buildInfo and getParameter', async () => {
    expect((await env.db.command({ ping: 1 })).ok).toBe(1);
    const info = await env.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    const p = await env.db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(p.ok).toBe(1);
  });

  it('answers an unknown command with CommandNotFound (59)', async () => {
    const err = await env.db.command({ noSuchThing: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
  });
});

describe('listening on all interfaces', () => {
  it('names the address the client reached, so discovery and transactions work', async () => {
    const { startEmbeddedServer } = await import('../src/index.ts');
    const { MongoClient } = await import('mongodb');
    const server = await startEmbeddedServer({ host: '0.0.0.0' });
    const client = new MongoClient(`mongodb://127.0.0.1:${server.port}/`, { serverSelectionTimeoutMS: 5000 });
    try {
      const hello = await client.db('admin').command({ hello: 1 });
      expect(hello.me).toBe(`127.0.0.1:${server.port}`);
      const session = client.startSession();
      await session.withTransaction(async () => {
        await client.db('t').collection('c').insertOne({ ok: 1 }, { session });
      });
      await session.endSession();
      expect(await client.db('t').collection('c').countDocuments({})).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('test commands', () => {
  it('refuses configureFailPoint unless enabled', async () => {
    const { startEmbeddedServer } = await import('../src/index.ts');
    const { MongoClient } = await import('mongodb');
    const server = await startEmbeddedServer({ enableTestCommands: false });
    const client = new MongoClient(server.uri);
    try {
      const err = await client
        .db('admin')
        .command({
          configureFailPoint: 'failCommand',
          mode: 'alwaysOn',
          data: { failCommands: ['ping'], errorCode: 8 },
        })
        .catch((e) => e);
      expect(err.code).toBe(59);
      expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
