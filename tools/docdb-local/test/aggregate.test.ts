import { Decimal128 } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from './helpers.ts';

const env = useServer();
/** For the stages only MongoDB (and DocumentDB 8.0) has. */
const mongoMode = useServer({ documentDbMode: false });

beforeAll(async () => {
  for (const { db } of [env, mongoMode]) {
    await db.collection('customers').insertMany([
      { _id: 'c1', name: 'Acme' },
      { _id: 'c2', name: 'Globex' },
    ] as never[]);
    await db.collection('orders').insertMany([
      { _id: 1, customer: 'c1', total: Decimal128.fromString('10.10'), status: 'paid' },
      { _id: 2, customer: 'c1', total: Decimal128.fromString('5.05'), status: 'paid' },
      { _id: 3, customer: 'c2', total: Decimal128.fromString('7.00'), status: 'open' },
    ] as never[]);
  }
});

describe('aggregate', () => {
  it('groups with exact Decimal128 sums and sorts', async () => {
    const rows = await env.db
      .collection('orders')
      .aggregate([
        { $match: { status: 'paid' } },
        { $group: { _id: '$customer', revenue: { $sum: '$total' }, orders: { $sum: 1 } } },
        { $sort: { _id: 1 } },
        { $limit: 5 },
      ])
      .toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.revenue.toString()).toBe('15.15');
    expect(rows[0]?.orders).toBe(2);
  });

  it('joins another collection with $lookup and reshapes with $project', async () => {
    const rows = await env.db
      .collection('orders')
      .aggregate([
        { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'c' } },
        { $unwind: '$c' },
        { $project: { _id: 1, customerName: '$c.name', isPaid: { $eq: ['$status', 'paid'] } } },
        { $sort: { _id: -1 } },
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 3, customerName: 'Globex', isPaid: false },
      { _id: 2, customerName: 'Acme', isPaid: true },
      { _id: 1, customerName: 'Acme', isPaid: true },
    ]);
  });

  it('accepts nested projections and let variables', async () => {
    const rows = await env.db
      .collection('orders')
      .aggregate(
        [
          { $match: { $expr: { $eq: ['$status', '$$wanted'] } } },
          { $project: { _id: 0, customer: 1, detail: { status: 1 } } },
          { $project: { customer: 1 } },
        ],
        { let: { wanted: 'open' } },
      )
      .toArray();
    expect(rows).toEqual([{ customer: 'c2' }]);
    const found = await env.db
      .collection('orders')
      .findOne({ _id: 1 } as never, { projection: { c: { x: 1 }, status: 1 } });
    expect(found).toEqual({ _id: 1, status: 'paid' });
  });

  it('merges $addFields into embedded documents', async () => {
    await env.db.collection('shapes').insertOne({ _id: 1, dims: { w: 2, h: 3 } } as never);
    const [row] = await env.db
      .collection('shapes')
      .aggregate([{ $addFields: { dims: { area: { $multiply: ['$dims.w', '$dims.h'] } } } }])
      .toArray();
    expect(row).toEqual({ _id: 1, dims: { w: 2, h: 3, area: 6 } });
  });

  it('buckets and facets in MongoDB mode; DocumentDB 5.0 has neither', async () => {
    const pipeline = [
      {
        $facet: {
          price: [{ $bucket: { groupBy: '$total', boundaries: [0, 6, 10, 100], default: 'other' } }],
          status: [{ $sortByCount: '$status' }],
        },
      },
    ];
    const refused = await env.db
      .collection('orders')
      .aggregate(pipeline)
      .toArray()
      .catch((e) => e);
    expect(refused.code).toBe(303);
    const [facets] = await mongoMode.db.collection('orders').aggregate(pipeline).toArray();
    expect(facets?.price).toEqual([
      { _id: 0, count: 1 },
      { _id: 6, count: 1 },
      { _id: 10, count: 1 },
    ]);
    expect(facets?.status).toEqual([
      { _id: 'paid', count: 2 },
      { _id: 'open', count: 1 },
    ]);
  });

  it('counts documents as countDocuments does', async () => {
    expect(await env.db.collection('orders').countDocuments({ customer: 'c1' })).toBe(2);
  });
});
