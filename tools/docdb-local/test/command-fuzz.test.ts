import { Decimal128, Long, MongoClient, MongoServerError, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startEmbeddedServer } from '../src/index.ts';

/**
 * Well-formed messages with nonsense inside: random filters, updates, pipelines and index
 * specs. Every one must be answered with a MongoDB error code for bad input — never an
 * internal error (code 1) and never a crash.
 */

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const operators = [
  '$eq',
  '$ne',
  '$gt',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$regex',
  '$size',
  '$all',
  '$elemMatch',
  '$not',
  '$mod',
  '$and',
  '$or',
  '$nor',
  '$expr',
  '$bogus',
  '$bitsAllSet',
  '$cond',
  '$map',
  '$add',
  '$concat',
  '$dateToString',
  '$filter',
  '$let',
  '$switch',
  '$arrayElemAt',
  '$substr',
  '$toInt',
  '$sum',
  '$first',
  '$size',
  '$reduce',
  '$toDecimal',
  '$divide',
  '$round',
  '$split',
  '$regexMatch',
  '$mergeObjects',
  '$arrayToObject',
  '$range',
  '$slice',
  '$toObjectId',
];
const updateOperators = [
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$bit',
  '$bogus',
];
const stages = [
  '$match',
  '$sort',
  '$skip',
  '$limit',
  '$project',
  '$group',
  '$unwind',
  '$count',
  '$lookup',
  '$addFields',
  '$replaceRoot',
  '$facet',
  '$bucket',
  '$sample',
  '$sortByCount',
  '$unset',
  '$bogus',
];
const fields = ['a', 'b', 'a.b', 'c.0', '_id', 'arr', 'arr.x', '$x', '', 'd..e'];

function value(depth = 0): unknown {
  const r = random();
  if (depth > 2) return pick([1, 'x', null, true, 2.5]);
  if (r < 0.1) return pick([1, -1, 0, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 40]);
  if (r < 0.2) return pick(['x', '', '$a', '$$ROOT', '^a', '(', '.*']);
  if (r < 0.3)
    return pick([
      null,
      true,
      false,
      new Date(0),
      new ObjectId(),
      Decimal128.fromString('1.5'),
      Long.fromNumber(3),
    ]);
  if (r < 0.45) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
  if (r < 0.7) return { [pick(operators)]: value(depth + 1) };
  return { [pick(fields)]: value(depth + 1), [pick(fields)]: value(depth + 1) };
}

const filter = () => ({ [random() < 0.3 ? pick(operators) : pick(fields)]: value() });
const update = () =>
  random() < 0.1 ? [{ $set: { a: value() } }] : { [pick(updateOperators)]: { [pick(fields)]: value() } };

function command(): Record<string, unknown> {
  switch (
    pick([
      'find',
      'update',
      'delete',
      'aggregate',
      'findAndModify',
      'count',
      'distinct',
      'createIndexes',
      'insert',
    ])
  ) {
    case 'find':
      return {
        find: 't',
        filter: filter(),
        sort: { [pick(fields)]: pick([1, -1, 0, 'x']) },
        projection: value(),
      };
    case 'update':
      return {
        update: 't',
        updates: [{ q: filter(), u: update(), upsert: random() < 0.3, multi: random() < 0.3 }],
      };
    case 'delete':
      return { delete: 't', deletes: [{ q: filter(), limit: pick([0, 1, 2, 'x']) }] };
    case 'aggregate':
      return {
        aggregate: 't',
        pipeline: [{ [pick(stages)]: value() }, { [pick(stages)]: value() }],
        cursor: {},
      };
    case 'findAndModify':
      return {
        findAndModify: 't',
        query: filter(),
        update: update(),
        new: random() < 0.5,
        upsert: random() < 0.3,
        fields: value(),
      };
    case 'count':
      return { count: 't', query: filter(), skip: value() };
    case 'distinct':
      return { distinct: 't', key: pick([...fields, 5]), query: filter() };
    case 'createIndexes':
      return {
        createIndexes: 't',
        indexes: [{ key: value(), name: pick(['i1', '', 5]), partialFilterExpression: filter() }],
      };
    default:
      return { insert: 't', documents: [value(), value()] };
  }
}

let server: EmbeddedServer;
let client: MongoClient;
const logged: string[] = [];

beforeAll(async () => {
  server = await startEmbeddedServer({ documentDbMode: false, log: (m) => logged.push(m) });
  client = new MongoClient(server.uri);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('nonsense commands', () => {
  it('answer every malformed filter, update, pipeline and index spec with a proper error', async () => {
    const db = client.db('fuzz');
    const seedDocs = () =>
      db
        .collection('t')
        .insertMany([{ a: 1, b: 'x', arr: [{ x: 1 }, { x: 2 }] }, { a: [1, 2], c: [5] }, { a: { b: 2 } }]);
    await seedDocs();
    const internal: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const cmd = command();
      try {
        await db.command(cmd);
      } catch (err) {
        if (!(err instanceof MongoServerError) || err.code === 1)
          internal.push(`${JSON.stringify(cmd)} → ${(err as Error).message}`);
      }
      if (i % 100 === 99) {
        await db.collection('t').deleteMany({});
        await seedDocs();
      }
    }
    expect(internal).toEqual([]);
    expect(logged).toEqual([]);
    expect((await db.command({ ping: 1 })).ok).toBe(1);
  });
});
