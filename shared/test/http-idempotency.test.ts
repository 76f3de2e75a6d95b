import { startEmbeddedServer } from '@b2b/docdb-local';
import { AppError } from '@b2b/shared/errors';
import {
  createService,
  ensureIdempotencyIndexes,
  type IdempotencyRecord,
  idempotencyCollection,
  idempotencyPlugin,
  problemResponses,
  type ServiceApp,
} from '@b2b/shared/http';
import { type Collection, MongoClient } from 'mongodb';
import { Type } from 'typebox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

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

const DAY_MS = 24 * 60 * 60 * 1000;

interface Harness {
  app: ServiceApp;
  records: Collection<IdempotencyRecord>;
  /** Side effects: one document per handler execution. */
  executions: Collection<{ route: string; caller: string }>;
  clock: { now: Date };
  /** When set, the order handler waits for it before answering. */
  gate: { wait: Promise<void> | null };
  failuresLeft: { count: number };
}

let dbSeq = 0;
async function harness(): Promise<Harness> {
  dbSeq += 1;
  const db = client.db(`idempotency${dbSeq}`);
  const records = idempotencyCollection(db);
  await ensureIdempotencyIndexes(records);
  const executions = db.collection<{ route: string; caller: string }>('executions');
  // Real time: the embedded server's TTL monitor deletes records whose expiresAt is in the past.
  const clock = { now: new Date() };
  const gate: Harness['gate'] = { wait: null };
  const failuresLeft = { count: 0 };

  const app = createService({ name: 'idempotency-test', logLevel: 'silent' });
  // Stand-in for the auth plugin: `x-test-user` authenticates the request as that user.
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const user = request.headers['x-test-user'];
    if (typeof user === 'string') (request as unknown as { auth: { id: string } }).auth = { id: user };
  });
  await app.register(idempotencyPlugin, { collection: records, now: () => clock.now });

  const Order = Type.Object(
    { id: Type.String(), sku: Type.String(), quantity: Type.Integer() },
    { additionalProperties: false },
  );
  const OrderBody = Type.Object(
    { sku: Type.String(), quantity: Type.Integer({ minimum: 1 }) },
    { additionalProperties: false },
  );
  const caller = (request: { headers: Record<string, unknown> }) =>
    String(request.headers['x-test-user'] ?? 'anonymous');

  app.post(
    '/orders',
    {
      config: { idempotency: true },
      schema: { body: OrderBody, response: { 201: Order, ...problemResponses } },
    },
    async (request, reply) => {
      const { insertedId } = await executions.insertOne({ route: 'orders', caller: caller(request) });
      if (gate.wait) await gate.wait;
      if (failuresLeft.count > 0) {
        failuresLeft.count -= 1;
        throw new Error('database exploded');
      }
      if (request.body.quantity > 1000) {
        throw new AppError({ status: 422, code: 'QUANTITY_TOO_LARGE', detail: 'at most 1000' });
      }
      const id = insertedId.toHexString();
      return reply
        .code(201)
        .header('location', `/orders/${id}`)
        .send({ id, ...request.body });
    },
  );
  app.post(
    '/required',
    { config: { idempotency: 'required' }, schema: { response: { 204: Type.Null(), ...problemResponses } } },
    async (request, reply) => {
      await executions.insertOne({ route: 'required', caller: caller(request) });
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/plain',
    { schema: { response: { 204: Type.Null(), ...problemResponses } } },
    async (request, reply) => {
      await executions.insertOne({ route: 'plain', caller: caller(request) });
      return reply.code(204).send(null);
    },
  );
  await app.ready();
  return { app, records, executions, clock, gate, failuresLeft };
}

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.app.close();
});

const order = (key: string | undefined, body: unknown = { sku: 'A-1', quantity: 2 }, user?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/orders',
    headers: {
      ...(key === undefined ? {} : { 'idempotency-key': key }),
      ...(user ? { 'x-test-user': user } : {}),
    },
    payload: body as object,
  });

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Idempotency-Key', () => {
  it('replays the first answer: same status, body and location, marked as replayed', async () => {
    const first = await order('k-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await order('k-1');
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['location']).toBe(first.headers['location']);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await h.executions.countDocuments()).toBe(1);
    // control: another key is another request
    const other = await order('k-2');
    expect(other.statusCode).toBe(201);
    expect(other.json().id).not.toBe(first.json().id);
    expect(await h.executions.countDocuments()).toBe(2);
  });

  it('treats the body canonically (key order does not matter) and refuses another body with 409', async () => {
    const first = await order('k-1', { sku: 'A-1', quantity: 2 });
    const reordered = await order('k-1', { quantity: 2, sku: 'A-1' });
    expect(reordered.body).toBe(first.body);
    const changed = await order('k-1', { sku: 'A-1', quantity: 3 });
    expect(changed.statusCode).toBe(409);
    expect(changed.headers['content-type']).toContain('application/problem+json');
    expect(changed.json()).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await h.executions.countDocuments()).toBe(1);
  });

  it('runs exactly once for 20 concurrent requests with one key; the others see 409 in progress', async () => {
    let open!: () => void;
    h.gate.wait = new Promise<void>((resolve) => {
      open = resolve;
    });
    const answered: { statusCode: number }[] = [];
    const all = Array.from({ length: 20 }, () =>
      order('same').then((r) => {
        answered.push(r);
        return r;
      }),
    );
    // Hold the one execution until the other 19 have their answer, so they all overlap it.
    await until(() => answered.length === 19, '19 answers while the first request runs');
    open();
    const responses = await Promise.all(all);
    expect(await h.executions.countDocuments()).toBe(1);
    const created = responses.filter((r) => r.statusCode === 201);
    const busy = responses.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(1);
    expect(busy).toHaveLength(19);
    for (const r of busy) {
      expect(r.json()).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
      expect(r.headers['retry-after']).toBe('1');
    }
    const replay = await order('same');
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(created[0]?.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await h.executions.countDocuments()).toBe(1);
  });

  it('runs exactly once for 20 concurrent requests without holding the handler: each gets the answer or a 409', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => order('free-run')));
    expect(await h.executions.countDocuments()).toBe(1);
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body)).size).toBe(1);
    for (const r of responses.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    }
  });

  it('keeps callers apart: the same key from two users and an anonymous caller runs three times', async () => {
    const alice = await order('shared-key', undefined, 'alice');
    const bob = await order('shared-key', undefined, 'bob');
    const anonymous = await order('shared-key');
    expect([alice.statusCode, bob.statusCode, anonymous.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([alice.json().id, bob.json().id, anonymous.json().id]).size).toBe(3);
    expect(await h.executions.countDocuments()).toBe(3);
    // each one's replay is their own
    expect((await order('shared-key', undefined, 'bob')).body).toBe(bob.body);
    expect((await order('shared-key', undefined, 'alice')).body).toBe(alice.body);
    // and a different body under alice's key conflicts only for alice
    expect((await order('shared-key', { sku: 'B', quantity: 1 }, 'alice')).statusCode).toBe(409);
    expect(await h.executions.countDocuments()).toBe(3);
  });

  it('releases the key when the handler fails with a 5xx, so a retry runs', async () => {
    h.failuresLeft.count = 1;
    const failed = await order('retry-me');
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ status: 500 });
    expect(failed.body).not.toContain('exploded');
    const retried = await order('retry-me');
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const replayed = await order('retry-me');
    expect(replayed.body).toBe(retried.body);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(await h.executions.countDocuments()).toBe(2);
  });

  it('stores a 4xx answer like a success and replays it', async () => {
    const rejected = await order('too-many', { sku: 'A-1', quantity: 5000 });
    expect(rejected.statusCode).toBe(422);
    const replayed = await order('too-many', { sku: 'A-1', quantity: 5000 });
    expect(replayed.statusCode).toBe(422);
    expect(replayed.body).toBe(rejected.body);
    expect(replayed.headers['content-type']).toContain('application/problem+json');
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(await h.executions.countDocuments()).toBe(1);
  });

  it('refuses an empty key or one over 255 characters with 400, and accepts 255', async () => {
    for (const bad of ['', 'k'.repeat(256)]) {
      const refused = await order(bad);
      expect(refused.statusCode, `length ${bad.length}`).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'INVALID_IDEMPOTENCY_KEY' });
    }
    expect(await h.executions.countDocuments()).toBe(0);
    expect((await order('k'.repeat(255))).statusCode).toBe(201);
  });

  it('runs every request without a key, and needs one on a route that requires it', async () => {
    expect((await order(undefined)).statusCode).toBe(201);
    expect((await order(undefined)).statusCode).toBe(201);
    expect(await h.executions.countDocuments({ route: 'orders' })).toBe(2);

    const missing = await h.app.inject({ method: 'POST', url: '/required' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const withKey = () =>
      h.app.inject({ method: 'POST', url: '/required', headers: { 'idempotency-key': 'r1' } });
    const first = await withKey();
    const second = await withKey();
    expect([first.statusCode, second.statusCode]).toEqual([204, 204]);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await h.executions.countDocuments({ route: 'required' })).toBe(1);
  });

  it('ignores the header on routes that did not opt in', async () => {
    const plain = () => h.app.inject({ method: 'POST', url: '/plain', headers: { 'idempotency-key': 'p1' } });
    await plain();
    const second = await plain();
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await h.executions.countDocuments({ route: 'plain' })).toBe(2);
  });

  it('forgets a key after 24 hours (TTL index on expiresAt)', async () => {
    const first = await order('daily');
    const record = await h.records.findOne({ key: 'daily' });
    expect(record?.expiresAt.getTime()).toBe(h.clock.now.getTime() + DAY_MS);
    const indexes = await h.records.indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
        expect.objectContaining({ key: { key: 1, caller: 1 }, unique: true }),
      ]),
    );
    h.clock.now = new Date(h.clock.now.getTime() + DAY_MS - 1000);
    expect((await order('daily')).body).toBe(first.body); // still within the day
    h.clock.now = new Date(h.clock.now.getTime() + 2000);
    const later = await order('daily');
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.json().id).not.toBe(first.json().id);
  });

  it('lets a retry take over a claim whose task died (lease over), not one still within its lease', async () => {
    const first = await order('crashed');
    const hash = (await h.records.findOne({ key: 'crashed' }))?.requestHash ?? '';
    const running = (leaseUntil: Date) =>
      h.records.updateOne(
        { key: 'crashed' },
        { $set: { state: 'running', leaseUntil, requestHash: hash }, $unset: { response: '' } },
      );
    await running(new Date(h.clock.now.getTime() + 60_000));
    expect((await order('crashed')).json()).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    await running(new Date(h.clock.now.getTime() - 1));
    const takenOver = await order('crashed');
    expect(takenOver.statusCode).toBe(201);
    expect(takenOver.json().id).not.toBe(first.json().id);
    expect((await order('crashed')).body).toBe(takenOver.body);
  });
});
