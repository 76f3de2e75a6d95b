import { isDuplicateKey } from '@b2b/shared/db';
import { databaseTest as it } from '@b2b/test-kit/fixtures';
import { describe, expect } from 'vitest';

describe('isDuplicateKey', () => {
  it('is true for a write that breaks a unique index, single or bulk', async ({ mongo }) => {
    const users = mongo.db.collection<{ email: string }>('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ email: 'a@example.com' });
    const single = await users.insertOne({ email: 'a@example.com' }).catch((e: unknown) => e);
    expect(isDuplicateKey(single)).toBe(true);
    const bulk = await users
      .insertMany([{ email: 'b@example.com' }, { email: 'a@example.com' }])
      .catch((e: unknown) => e);
    expect(isDuplicateKey(bulk)).toBe(true);
    const update = await users
      .updateOne({ email: 'b@example.com' }, { $set: { email: 'a@example.com' } })
      .catch((e: unknown) => e);
    expect(isDuplicateKey(update)).toBe(true);
  });

  it('is false for other server errors and for things that merely mention a duplicate', async ({ mongo }) => {
    await mongo.db.collection('users').insertOne({ email: 'c@example.com' });
    const bad = await mongo.db
      .collection('users')
      .updateOne({}, { $bogus: { a: 1 } } as never)
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Error);
    expect(isDuplicateKey(bad)).toBe(false);
    expect(isDuplicateKey(new Error('E11000 duplicate key error'))).toBe(false);
    expect(isDuplicateKey({ code: 11000 })).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });
});
