import { startEmbeddedServer } from '@b2b/docdb-local';
import { containsText, defineSorts, findAfter, findPage, mapPage } from '@b2b/shared/db';
import {
  CursorPage,
  createService,
  cursorPaginationProperties,
  Page,
  paginationProperties,
  problemResponses,
} from '@b2b/shared/http';
import { type Collection, MongoClient } from 'mongodb';
import { Type } from 'typebox';
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

interface Thing {
  _id: string;
  kind: string;
  name: string;
  createdAt: Date;
}

const thingSorts = defineSorts(
  { name: { name: 1 }, '-name': { name: -1 }, newest: { createdAt: -1 } },
  'newest',
);

let seq = 0;
async function freshCollection(docs: Thing[]): Promise<Collection<Thing>> {
  seq += 1;
  const things = client.db('queries').collection<Thing>(`things${seq}`);
  if (docs.length > 0) await things.insertMany(docs);
  return things;
}

/** 23 things whose names and timestamps repeat a lot: only `_id` tells many of them apart. */
function manyTies(): Thing[] {
  return Array.from({ length: 23 }, (_, i) => ({
    _id: `t${String((i * 7) % 23).padStart(2, '0')}`,
    kind: i % 5 === 0 ? 'other' : 'widget',
    name: ['beta', 'alpha', 'gamma'][i % 3] ?? 'alpha',
    createdAt: new Date(Date.UTC(2026, 0, 1 + (i % 4))),
  }));
}

describe('defineSorts', () => {
  it('ends every sort with _id in the direction of the last field, and defaults to the default key', () => {
    expect(thingSorts.spec('name')).toEqual({ name: 1, _id: 1 });
    expect(thingSorts.spec('-name')).toEqual({ name: -1, _id: -1 });
    expect(thingSorts.spec(undefined)).toEqual({ createdAt: -1, _id: -1 });
    expect(Object.keys(thingSorts.spec('-name'))).toEqual(['name', '_id']);
  });
});

describe('findPage', () => {
  it('pages in a stable order even when documents share a timestamp, with the total', async () => {
    const sameTime = new Date('2026-01-01T00:00:00Z');
    const things = await freshCollection(
      ['e', 'c', 'a', 'd', 'b'].map((id) => ({
        _id: id,
        kind: id === 'd' ? 'other' : 'widget',
        name: id,
        createdAt: sameTime,
      })),
    );
    const first = await findPage(things, { kind: 'widget' }, { page: 1, limit: 3 });
    const second = await findPage(things, { kind: 'widget' }, { page: 2, limit: 3 });
    const beyond = await findPage(things, { kind: 'widget' }, { page: 3, limit: 3 });
    expect(first.items.map((t) => t._id)).toEqual(['a', 'b', 'c']);
    expect(second.items.map((t) => t._id)).toEqual(['e']);
    expect(beyond.items).toEqual([]);
    expect([first.total, second.total, beyond.total]).toEqual([4, 4, 4]);
    expect({ page: second.page, limit: second.limit }).toEqual({ page: 2, limit: 3 });
  });

  it('walks every document exactly once with an allow-listed sort, whatever the ties', async () => {
    const docs = manyTies();
    const things = await freshCollection(docs);
    const widgets = docs.filter((d) => d.kind === 'widget');
    for (const sort of thingSorts.keys) {
      const seen: string[] = [];
      for (let page = 1; page <= 4; page++) {
        const result = await findPage(things, { kind: 'widget' }, { page, limit: 5, sort }, thingSorts);
        expect(result.total).toBe(widgets.length);
        seen.push(...result.items.map((t) => t._id));
      }
      expect(seen).toHaveLength(widgets.length);
      expect(new Set(seen).size).toBe(widgets.length);
      const expected = [...widgets].sort((a, b) => {
        const spec = thingSorts.spec(sort);
        for (const [field, dir] of Object.entries(spec)) {
          const av = a[field as keyof Thing];
          const bv = b[field as keyof Thing];
          if (av < bv) return -dir;
          if (av > bv) return dir;
        }
        return 0;
      });
      expect(seen, sort).toEqual(expected.map((t) => t._id));
    }
  });

  it('maps the items for the response and keeps the numbers', () => {
    expect(mapPage({ items: [1, 2], total: 7, page: 2, limit: 2 }, (n) => `#${n}`)).toEqual({
      items: ['#1', '#2'],
      total: 7,
      page: 2,
      limit: 2,
    });
  });
});

describe('findAfter (keyset)', () => {
  it('walks all documents exactly once, in sort order, even with equal sort keys', async () => {
    const docs = manyTies();
    const things = await freshCollection(docs);
    for (const sort of thingSorts.keys) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await findAfter(
          things,
          {},
          { limit: 4, sort, ...(cursor ? { cursor } : {}) },
          thingSorts,
        );
        seen.push(...page.items.map((t) => t._id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
        expect(pages).toBeLessThan(10);
      } while (cursor);
      const offset = await findPage(things, {}, { page: 1, limit: 100, sort }, thingSorts);
      expect(seen, sort).toEqual(offset.items.map((t) => t._id));
      expect(new Set(seen).size).toBe(docs.length);
      expect(pages).toBe(6); // 23 documents, 4 a page: the last page says there is no next one
    }
  });

  it('leaves out projected fields and still pages on the sort fields', async () => {
    const things = await freshCollection(manyTies());
    const first = await findAfter(things, {}, { limit: 3, sort: 'name' }, thingSorts, {
      projection: { createdAt: 0 },
    });
    expect(first.items.map((t) => Object.keys(t).sort())).toEqual(
      first.items.map(() => ['_id', 'kind', 'name']),
    );
    const whole = await findAfter(things, {}, { limit: 6, sort: 'name' }, thingSorts);
    const second = await findAfter(
      things,
      {},
      { limit: 3, sort: 'name', cursor: first.nextCursor ?? '' },
      thingSorts,
      { projection: { createdAt: 0 } },
    );
    expect([...first.items, ...second.items].map((t) => t._id)).toEqual(whole.items.map((t) => t._id));
    expect('createdAt' in (whole.items[0] ?? {})).toBe(true);
  });

  it('answers nextCursor null when the page holds the last document', async () => {
    const things = await freshCollection(manyTies().slice(0, 4));
    expect((await findAfter(things, {}, { limit: 4 }, thingSorts)).nextCursor).toBeNull();
    expect((await findAfter(things, {}, { limit: 3 }, thingSorts)).nextCursor).toEqual(expect.any(String));
  });

  it('refuses a tampered, truncated or other-order cursor with 400 INVALID_CURSOR', async () => {
    const things = await freshCollection(manyTies());
    const { nextCursor } = await findAfter(things, {}, { limit: 2, sort: 'name' }, thingSorts);
    if (!nextCursor) throw new Error('expected a second page');
    await expect(
      findAfter(things, {}, { limit: 2, sort: 'name', cursor: nextCursor }, thingSorts),
    ).resolves.toEqual({
      items: expect.any(Array),
      nextCursor: expect.any(String),
    });
    const [body = '', sum = ''] = nextCursor.split('.');
    const flipped = body.slice(0, 5) + (body[5] === 'A' ? 'B' : 'A') + body.slice(6);
    const forgedBody = Buffer.from(JSON.stringify(['name', 'alpha', 't00'])).toString('base64url');
    for (const bad of [
      `${flipped}.${sum}`,
      body,
      `${body}.`,
      `${body.slice(0, -2)}.${sum}`,
      `${forgedBody}.${sum}`,
      'x.y.z',
    ]) {
      await expect(
        findAfter(things, {}, { limit: 2, sort: 'name', cursor: bad }, thingSorts),
        bad,
      ).rejects.toMatchObject({
        status: 400,
        code: 'INVALID_CURSOR',
      });
    }
    await expect(
      findAfter(things, {}, { limit: 2, sort: '-name', cursor: nextCursor }, thingSorts),
    ).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_CURSOR',
    });
  });
});

describe('list endpoints built from the pieces', () => {
  it('answers the list shapes, and 400 problems for a bad sort, limit or cursor', async () => {
    const things = await freshCollection(manyTies());
    const app = createService({
      name: 'lists-test',
      logLevel: 'silent',
      openapi: { title: 'lists', version: '1' },
    });
    const Item = Type.Object({ id: Type.String() }, { additionalProperties: false });
    const view = (t: Thing) => ({ id: t._id });
    app.get(
      '/things',
      {
        schema: {
          querystring: Type.Object(
            { ...paginationProperties, sort: thingSorts.schema },
            { additionalProperties: false },
          ),
          response: { 200: Page(Item), ...problemResponses },
        },
      },
      async (request) => mapPage(await findPage(things, {}, request.query, thingSorts), view),
    );
    app.get(
      '/things/walk',
      {
        schema: {
          querystring: Type.Object(
            { ...cursorPaginationProperties, sort: thingSorts.schema },
            { additionalProperties: false },
          ),
          response: { 200: CursorPage(Item), ...problemResponses },
        },
      },
      async (request) => {
        const page = await findAfter(things, {}, request.query, thingSorts);
        return { items: page.items.map(view), nextCursor: page.nextCursor };
      },
    );
    try {
      const listed = await app.inject({ url: '/things?page=2&limit=5&sort=name' });
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toMatchObject({ total: 23, page: 2, limit: 5 });
      expect(listed.json().items).toHaveLength(5);
      const defaults = await app.inject({ url: '/things' });
      expect(defaults.json()).toMatchObject({ total: 23, page: 1, limit: 20 });

      for (const query of ['sort=price', 'limit=101', 'limit=0', 'page=0', 'page=x']) {
        const refused = await app.inject({ url: `/things?${query}` });
        expect(refused.statusCode, query).toBe(400);
        expect(refused.headers['content-type']).toContain('application/problem+json');
      }

      const first = await app.inject({ url: '/things/walk?limit=3' });
      expect(first.statusCode).toBe(200);
      const cursor = first.json().nextCursor as string;
      const next = await app.inject({ url: `/things/walk?limit=3&cursor=${cursor}` });
      expect(next.statusCode).toBe(200);
      expect(next.json().items).toHaveLength(3);
      const tampered = await app.inject({ url: `/things/walk?limit=3&cursor=A${cursor.slice(1)}` });
      expect(tampered.statusCode).toBe(400);
      expect(tampered.json()).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });

      // the allow-list is what the OpenAPI document advertises for `sort`
      const doc = (await app.inject({ url: '/openapi.json' })).json();
      const sortParam = doc.paths['/things'].get.parameters.find((p: { name: string }) => p.name === 'sort');
      expect(JSON.stringify(sortParam.schema)).toContain('"-name"');
    } finally {
      await app.close();
    }
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
