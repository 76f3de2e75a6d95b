/** The database fixture: one server per file, a fresh database per test, one per file. */
import { describe, expect } from 'vitest';
import { databaseTest as it } from '../src/fixtures.ts';

const seen: { server?: string; testDb?: string; fileDb?: string } = {};

describe('databaseTest', () => {
  it('gives a test a database of the file server, and the file its own database', async ({
    dbServer,
    mongo,
    fileMongo,
  }) => {
    expect(dbServer.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(mongo.db.databaseName).not.toBe(fileMongo.db.databaseName);
    await mongo.db.collection('things').insertOne({ from: 'first test' });
    await fileMongo.db.collection('things').insertOne({ from: 'first test' });
    Object.assign(seen, {
      server: dbServer.uri,
      testDb: mongo.db.databaseName,
      fileDb: fileMongo.db.databaseName,
    });
  });

  it('the next test gets a fresh database but the same server and file database', async ({
    dbServer,
    mongo,
    fileMongo,
  }) => {
    expect(dbServer.uri).toBe(seen.server);
    expect(mongo.db.databaseName).not.toBe(seen.testDb);
    expect(await mongo.db.collection('things').countDocuments()).toBe(0);
    expect(fileMongo.db.databaseName).toBe(seen.fileDb);
    expect(await fileMongo.db.collection('things').countDocuments({ from: 'first test' })).toBe(1);
  });
});
