import { eventTypes } from '@b2b/shared/catalogue';
import {
  createDocStoreEventBus,
  createEvent,
  type EventEnvelope,
  eventDataSchemas,
  InvalidEventPayloadError,
  OUTBOX_COLLECTION,
  parseEnvelope,
  withOutbox,
} from '@b2b/shared/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase, until } from './events-support/harness.ts';
import { productSnapshot } from './events-support/payloads.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const companyUpdated = {
  companyId: 'c-1',
  name: 'Acme Industrial',
  status: 'active',
  currency: 'EUR',
  paymentTerms: 'net30',
  creditLimit: { amount: '50000.00', currency: 'EUR' },
  priceListId: null,
  version: 3,
  updatedAt: '2025-01-01T00:00:00.000Z',
} as const;

describe('event payload schemas', () => {
  it('has a schema for every catalogued event type and none for an unknown one', () => {
    expect(Object.keys(eventDataSchemas).sort()).toEqual([...eventTypes].sort());
  });

  it('lets a producer create a valid event and refuses missing, extra, misspelt and float fields', () => {
    expect(createEvent('company.updated', companyUpdated, { source: 'user' }).data).toEqual(companyUpdated);
    expect(createEvent('product.updated', productSnapshot(), { source: 'product' }).data.version).toBe(1);

    const { version: _version, ...withoutVersion } = companyUpdated;
    const bad: [string, unknown, RegExp][] = [
      ['missing', withoutVersion, /\/version is required/],
      [
        'extra',
        { ...companyUpdated, creditUsed: companyUpdated.creditLimit },
        /\/creditUsed is not an allowed field/,
      ],
      ['misspelt enum', { ...companyUpdated, status: 'onhold' }, /\/status/],
      [
        'float money',
        { ...companyUpdated, creditLimit: { amount: 50000, currency: 'EUR' } },
        /\/creditLimit\/amount/,
      ],
      ['version 0', { ...companyUpdated, version: 0 }, /\/version/],
      ['not a timestamp', { ...companyUpdated, updatedAt: 'yesterday' }, /\/updatedAt/],
    ];
    for (const [what, data, message] of bad) {
      const attempt = () => createEvent('company.updated', data as never, { source: 'user' });
      expect(attempt, what).toThrow(InvalidEventPayloadError);
      expect(attempt, what).toThrow(message);
    }
  });

  it('fails the producer’s write when it stages a bad payload: neither state change nor event is stored', async () => {
    const db = database.freshDb('user');
    await db.createCollection('companies');
    await db.createCollection(OUTBOX_COLLECTION);
    const write = (data: unknown) =>
      withOutbox(database.client, db, async (session, stage) => {
        await db.collection('companies').insertOne({ name: 'Acme' }, { session });
        stage(createEvent('company.updated', data as never, { source: 'user' }));
      });
    await expect(write({ ...companyUpdated, currency: 'euro' })).rejects.toThrow(InvalidEventPayloadError);
    expect(await db.collection('companies').countDocuments()).toBe(0);
    expect(await db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(0);

    await write(companyUpdated);
    expect(await db.collection('companies').countDocuments()).toBe(1);
    expect(await db.collection(OUTBOX_COLLECTION).countDocuments()).toBe(1);
  });

  it('refuses a wire message whose data does not match its schema, saying which field', () => {
    const good = createEvent('company.updated', companyUpdated, { source: 'user' });
    expect(parseEnvelope(JSON.stringify(good))).toEqual({ ok: true, event: good });
    const bad = { ...good, data: { ...companyUpdated, creditLimit: null } };
    expect(parseEnvelope(JSON.stringify(bad))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid company.updated data: \/creditLimit/),
    });
  });

  it('dead-letters a malformed message at once (first receive) with the reason, and handles a good one', async () => {
    const bus = createDocStoreEventBus({ db: database.freshDb('eventbus') });
    const handled: string[] = [];
    const consumer = bus.consume('order', {
      'company.updated': async (event) => {
        handled.push(event.data.companyId);
      },
    });
    try {
      const good = createEvent('company.updated', companyUpdated, { source: 'user' });
      // Built by hand, past the producer's check: a producer on an older build, or a forged message.
      const malformed = {
        ...createEvent('company.updated', companyUpdated, { source: 'user' }),
        data: { ...companyUpdated, companyId: 'c-bad', creditLimit: { amount: 1.5, currency: 'EUR' } },
      } as unknown as EventEnvelope;
      await bus.publish(malformed);
      await bus.publish(good);
      await until(async () => (await bus.listDeadLetters('order')).length === 1, 'the dead letter');
      await until(() => handled.length === 1, 'the good event');
      expect(handled).toEqual(['c-1']);
      const [dead] = await bus.listDeadLetters('order');
      expect(dead).toMatchObject({ id: malformed.id, type: 'company.updated', receiveCount: 1 });
      expect(dead?.lastError).toMatch(
        /MalformedEventError: .*invalid company.updated data: \/creditLimit\/amount/,
      );
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });
});
