import { describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

const env = useServer({}, 'ddl');

describe('collections and indexes', () => {
  it('creates, lists and drops collections and databases', async () => {
    await env.db.createCollection('a');
    await env.db.collection('b').insertOne({ x: 1 });
    const names = (await env.db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['a', 'b']);
    const dup = await env.db.createCollection('a').catch((e) => e);
    expect(dup.code).toBe(48);
    expect(await env.db.collection('a').drop()).toBe(true);
    const dbs = await env.client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain('ddl');
    await env.db.dropDatabase();
    expect(await env.db.listCollections().toArray()).toEqual([]);
  });

  it('creates, lists and drops indexes', async () => {
    const c = env.db.collection('idx');
    await c.insertOne({ a: 1, b: 1 });
    expect(await c.createIndex({ a: 1, b: -1 }, { name: 'ab' })).toBe('ab');
    await c.createIndex({ t: 1 }, { expireAfterSeconds: 60 });
    const specs = await c.listIndexes().toArray();
    expect(specs.map((s) => s.name)).toEqual(['_id_', 'ab', 't_1']);
    expect(specs[2]?.expireAfterSeconds).toBe(60);
    const conflict = await c.createIndex({ a: 1 }, { name: 'ab' }).catch((e) => e);
    expect(conflict.code).toBe(86);
    await c.dropIndex('ab');
    expect((await c.listIndexes().toArray()).map((s) => s.name)).toEqual(['_id_', 't_1']);
    expect((await c.dropIndex('nope').catch((e) => e)).code).toBe(27);
    const missing = await env.db
      .collection('missing')
      .listIndexes()
      .toArray()
      .catch((e) => e);
    expect(missing.code).toBe(26);
  });

  it('renames collections and changes a TTL with collMod', async () => {
    const c = env.db.collection('before');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    await c.insertMany([{ at: new Date() }, { at: new Date() }]);
    await c.rename('after');
    const renamed = env.db.collection('after');
    expect(await renamed.countDocuments({})).toBe(2);
    expect((await renamed.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'at_1']);
    const r = await env.db.command({ collMod: 'after', index: { name: 'at_1', expireAfterSeconds: 60 } });
    expect(r).toMatchObject({ expireAfterSeconds_old: 3600, expireAfterSeconds_new: 60 });
    expect((await renamed.listIndexes().toArray())[1]?.expireAfterSeconds).toBe(60);
  });

  it('refuses a unique index over existing duplicates', async () => {
    const c = env.db.collection('dups');
    await c.insertMany([{ e: 1 }, { e: 1 }]);
    const err = await c.createIndex({ e: 1 }, { unique: true }).catch((e) => e);
    expect(err.code).toBe(11000);
    expect((await c.listIndexes().toArray()).map((s) => s.name)).toEqual(['_id_']);
  });
});
