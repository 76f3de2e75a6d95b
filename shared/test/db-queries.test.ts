import { startEmbeddedServer } from '@b2b/docdb-local';
import { containsText, findPage } from '@b2b/shared/db';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Awaited<ReturnType<typeof startEmbeddedServer>>;
let client: MongoClient;
beforeAll(async () => {
  server = await startEmbeddedServer();
  client = await MongoClient.connect(server.uri);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('findPage', () => {
  it('pages in a stable order even when documents share a timestamp, with the total', async () => {
    const things = client.db('queries').collection<{ _id: string; kind: string; createdAt: Date }>('things');
    const sameTime = new Date('2026-01-01T00:00:00Z');
    await things.insertMany(
      ['e', 'c', 'a', 'd', 'b'].map((id) => ({
        _id: id,
        kind: id === 'd' ? 'other' : 'widget',
        createdAt: sameTime,
      })),
    );
    const first = await findPage(things, { kind: 'widget' }, { page: 1, limit: 3 });
    const second = await findPage(things, { kind: 'widget' }, { page: 2, limit: 3 });
    expect(first.items.map((t) => t._id)).toEqual(['a', 'b', 'c']);
    expect(second.items.map((t) => t._id)).toEqual(['e']);
    expect(first.total).toBe(4);
    expect(second.total).toBe(4);
  });
});

describe('containsText', () => {
  it('matches case-insensitively and treats regex metacharacters as text', () => {
    expect(containsText('  acme ').test('ACME Industrial')).toBe(true);
    expect(containsText('a.c').test('abc')).toBe(false);
    expect(containsText('a.c').test('x a.c y')).toBe(true);
    expect(() => containsText('(unclosed[')).not.toThrow();
  });
});
