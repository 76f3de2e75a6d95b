import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProductApp,
  startProductApp,
  startTestServer,
  type TestServer,
  uniqueSku,
} from './support/product-app.ts';

let server: TestServer;
let p: ProductApp;
beforeAll(async () => {
  server = await startTestServer();
  p = await startProductApp(server);
});
afterAll(async () => {
  await p?.close();
  await server?.close();
});

async function category(body: Record<string, unknown>) {
  const res = await p.call('POST', '/admin/categories', { token: p.adminToken, body });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as { id: string; name: string; slug: string; parentId: string | null };
}

describe('the category tree', () => {
  it('creates, nests, renames and moves categories with their subtree', async () => {
    const root = await category({ name: 'Safety & PPE' });
    expect(root).toEqual({ id: root.id, name: 'Safety & PPE', slug: 'safety-ppe', parentId: null });
    const gloves = await category({ name: 'Gloves', parentId: root.id });
    const nitrile = await category({ name: 'Nitrile gloves', parentId: gloves.id });
    const other = await category({ name: 'Workwear' });

    const tree = (await p.call('GET', '/categories')).json();
    const safety = tree.find((n: { id: string }) => n.id === root.id);
    expect(safety).toEqual({
      id: root.id,
      name: 'Safety & PPE',
      slug: 'safety-ppe',
      children: [
        {
          id: gloves.id,
          name: 'Gloves',
          slug: 'gloves',
          children: [{ id: nitrile.id, name: 'Nitrile gloves', slug: 'nitrile-gloves', children: [] }],
        },
      ],
    });

    // Move Gloves (and Nitrile below it) under Workwear, and rename it.
    const moved = await p.call('PATCH', `/admin/categories/${gloves.id}`, {
      token: p.adminToken,
      body: { parentId: other.id, name: 'Hand protection' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toEqual({
      id: gloves.id,
      name: 'Hand protection',
      slug: 'gloves',
      parentId: other.id,
    });
    // Products in the grandchild now count under the new ancestor.
    const product = await p.product({ categoryIds: [nitrile.id] });
    const underWorkwear = (await p.call('GET', `/products?category=${other.id}`)).json();
    expect(underWorkwear.items.map((i: { id: string }) => i.id)).toEqual([product.id]);
    expect((await p.call('GET', `/products?category=${root.id}`)).json().total).toBe(0);

    // Back to the root with null.
    const toRoot = await p.call('PATCH', `/admin/categories/${gloves.id}`, {
      token: p.adminToken,
      body: { parentId: null },
    });
    expect(toRoot.json().parentId).toBeNull();
    expect((await p.call('GET', `/products?category=${gloves.id}`)).json().total).toBe(1);
  });

  it('refuses a move that would make a cycle (400), itself included', async () => {
    const a = await category({ name: `A ${uniqueSku()}` });
    const b = await category({ name: `B ${uniqueSku()}`, parentId: a.id });
    const c = await category({ name: `C ${uniqueSku()}`, parentId: b.id });
    for (const parentId of [c.id, b.id, a.id]) {
      const res = await p.call('PATCH', `/admin/categories/${a.id}`, {
        token: p.adminToken,
        body: { parentId },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'CATEGORY_CYCLE', errors: [{ path: '/parentId' }] });
    }
    // Positive control: moving the leaf up is fine.
    expect(
      (await p.call('PATCH', `/admin/categories/${c.id}`, { token: p.adminToken, body: { parentId: a.id } }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses deleting a category with children or products (409), deletes an empty one', async () => {
    const parent = await category({ name: `P ${uniqueSku()}` });
    const child = await category({ name: `Ch ${uniqueSku()}`, parentId: parent.id });
    const withChildren = await p.call('DELETE', `/admin/categories/${parent.id}`, { token: p.adminToken });
    expect(withChildren.statusCode).toBe(409);
    expect(withChildren.json()).toMatchObject({
      code: 'CATEGORY_IN_USE',
      detail: 'The category still has children',
    });

    const product = await p.product({ categoryIds: [child.id] });
    const withProducts = await p.call('DELETE', `/admin/categories/${child.id}`, { token: p.adminToken });
    expect(withProducts.statusCode).toBe(409);
    expect(withProducts.json().detail).toBe('The category still has products');

    await p.call('PATCH', `/admin/products/${product.id}`, {
      token: p.adminToken,
      body: { categoryIds: [] },
    });
    expect(
      (await p.call('DELETE', `/admin/categories/${child.id}`, { token: p.adminToken })).statusCode,
    ).toBe(204);
    expect(
      (await p.call('DELETE', `/admin/categories/${parent.id}`, { token: p.adminToken })).statusCode,
    ).toBe(204);
    expect(
      (await p.call('DELETE', `/admin/categories/${parent.id}`, { token: p.adminToken })).statusCode,
    ).toBe(404);
  });

  it('refuses a duplicate slug (409), an unknown parent and unknown fields (400)', async () => {
    const slug = `s-${Date.now()}`;
    await category({ name: 'One', slug });
    const dup = await p.call('POST', '/admin/categories', {
      token: p.adminToken,
      body: { name: 'Two', slug },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CATEGORY_SLUG_TAKEN');
    const orphan = await p.call('POST', '/admin/categories', {
      token: p.adminToken,
      body: { name: 'X', parentId: 'missing' },
    });
    expect(orphan.statusCode).toBe(400);
    const unknown = await p.call('POST', '/admin/categories', {
      token: p.adminToken,
      body: { name: 'X', path: '/' },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('bounds the depth of the tree', async () => {
    let parentId: string | undefined;
    for (let depth = 1; depth <= 6; depth++) {
      parentId = (
        await category({ name: `Level ${depth} ${uniqueSku()}`, ...(parentId ? { parentId } : {}) })
      ).id;
    }
    const tooDeep = await p.call('POST', '/admin/categories', {
      token: p.adminToken,
      body: { name: 'Level 7', parentId },
    });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().code).toBe('CATEGORY_TOO_DEEP');
    expect((await p.call('GET', '/categories')).statusCode).toBe(200);
  });

  it('is admin-only for writes', async () => {
    const buyer = await p.tokens.member('c1');
    expect(
      (await p.call('POST', '/admin/categories', { token: buyer, body: { name: 'X' } })).statusCode,
    ).toBe(403);
    expect((await p.call('POST', '/admin/categories', { body: { name: 'X' } })).statusCode).toBe(401);
  });
});
