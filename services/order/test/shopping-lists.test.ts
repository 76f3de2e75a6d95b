/** Shopping lists (api.md "B2B buying tools"): private and shared, lines with notes, into the cart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  address,
  type Member,
  type OrderApp,
  startOrderApp,
  startTestServer,
  type TestServer,
} from './support/order-app.ts';

let server: TestServer;
let svc: OrderApp;
beforeAll(async () => {
  server = await startTestServer();
  svc = await startOrderApp(server, 22502);
  svc.products.put({
    sku: 'BOLT-8',
    name: 'Bolt',
    price: { amount: '0.25', currency: 'EUR' },
    orderMultiple: 50,
  });
  svc.products.put({ sku: 'GLOVE-2', name: 'Gloves', price: { amount: '4.50', currency: 'EUR' } });
  svc.products.put({ sku: 'TAPE-1', name: 'Tape', price: { amount: '2.00', currency: 'EUR' } });
});
afterAll(async () => {
  await svc?.close();
  await server?.close();
});

const create = (m: Member, body: Record<string, unknown>) =>
  svc.call('POST', '/shopping-lists', { token: m.token, body });

async function colleagues() {
  const owner = await svc.member();
  const colleague = await svc.member({ companyId: owner.companyId, role: 'buyer' });
  const admin = await svc.member({ companyId: owner.companyId, role: 'company_admin' });
  const stranger = await svc.member({ role: 'company_admin' });
  return { owner, colleague, admin, stranger };
}

describe('shopping lists', () => {
  it('a private list is a 404 to a colleague and to another company; a shared one is visible and editable in the company only', async () => {
    const { owner, colleague, admin, stranger } = await colleagues();
    const priv = await create(owner, {
      name: 'Mine',
      items: [{ sku: 'GLOVE-2', quantity: 2, note: 'size L' }],
    });
    expect(priv.statusCode).toBe(201);
    expect(priv.json()).toEqual({
      id: expect.any(String),
      name: 'Mine',
      shared: false,
      ownerId: owner.userId,
      items: [{ id: expect.any(String), sku: 'GLOVE-2', quantity: 2, note: 'size L' }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const shared = (await create(owner, { name: 'Workshop', shared: true })).json();
    const privId = priv.json().id;

    // The owner sees both (positive control); a colleague and a company admin only the shared one.
    expect((await svc.call('GET', `/shopping-lists/${privId}`, { token: owner.token })).statusCode).toBe(200);
    for (const m of [colleague, admin, stranger]) {
      const res = await svc.call('GET', `/shopping-lists/${privId}`, { token: m.token });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('SHOPPING_LIST_NOT_FOUND');
      for (const [method, url, body] of [
        ['PATCH', `/shopping-lists/${privId}`, { name: 'x' }],
        ['POST', `/shopping-lists/${privId}/items`, { sku: 'TAPE-1', quantity: 1 }],
        ['POST', `/shopping-lists/${privId}/add-to-cart`, {}],
        ['DELETE', `/shopping-lists/${privId}`, undefined],
      ] as const) {
        expect(
          (await svc.call(method, url, { token: m.token, body })).statusCode,
          `${m.userId} ${method} ${url}`,
        ).toBe(404);
      }
    }
    const colleagueView = await svc.call('GET', `/shopping-lists/${shared.id}`, { token: colleague.token });
    expect(colleagueView.statusCode).toBe(200);
    expect(
      (await svc.call('GET', `/shopping-lists/${shared.id}`, { token: stranger.token })).statusCode,
    ).toBe(404);
    const listed = (await svc.call('GET', '/shopping-lists', { token: colleague.token })).json();
    expect(listed.items.map((l: { id: string }) => l.id)).toEqual([shared.id]);
    expect((await svc.call('GET', '/shopping-lists', { token: owner.token })).json().total).toBe(2);

    // A colleague edits the shared list's lines and name, but only the owner may unshare it.
    const added = await svc.call('POST', `/shopping-lists/${shared.id}/items`, {
      token: colleague.token,
      body: { sku: 'tape-1', quantity: 3 },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().items).toEqual([{ id: expect.any(String), sku: 'TAPE-1', quantity: 3, note: null }]);
    const unshare = await svc.call('PATCH', `/shopping-lists/${shared.id}`, {
      token: colleague.token,
      body: { shared: false },
    });
    expect(unshare.statusCode).toBe(403);
    expect(unshare.json().code).toBe('NOT_LIST_OWNER');
    expect(
      (
        await svc.call('PATCH', `/shopping-lists/${shared.id}`, {
          token: colleague.token,
          body: { name: 'Shop' },
        })
      ).json().name,
    ).toBe('Shop');
    expect(
      (
        await svc.call('PATCH', `/shopping-lists/${shared.id}`, {
          token: owner.token,
          body: { shared: false },
        })
      ).json().shared,
    ).toBe(false);
    expect(
      (await svc.call('GET', `/shopping-lists/${shared.id}`, { token: colleague.token })).statusCode,
    ).toBe(404);
  });

  it('edits lines: a known sku only, the same sku grows, quantity and note change, a line goes', async () => {
    const { owner } = await colleagues();
    const list = (await create(owner, { name: 'Lines' })).json();
    const url = `/shopping-lists/${list.id}/items`;
    const unknown = await svc.call('POST', url, { token: owner.token, body: { sku: 'NOPE-1', quantity: 1 } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('UNKNOWN_SKU');
    await svc.call('POST', url, { token: owner.token, body: { sku: 'GLOVE-2', quantity: 1 } });
    const grown = (
      await svc.call('POST', url, { token: owner.token, body: { sku: 'GLOVE-2', quantity: 4, note: 'blue' } })
    ).json();
    expect(grown.items).toEqual([{ id: expect.any(String), sku: 'GLOVE-2', quantity: 5, note: 'blue' }]);
    const itemId = grown.items[0].id;
    const patched = await svc.call('PATCH', `${url}/${itemId}`, {
      token: owner.token,
      body: { quantity: 7, note: null },
    });
    expect(patched.json().items[0]).toMatchObject({ quantity: 7, note: null });
    for (const body of [{ quantity: 0 }, { quantity: 1.5 }, {}, { colour: 'red' }]) {
      expect((await svc.call('PATCH', `${url}/${itemId}`, { token: owner.token, body })).statusCode).toBe(
        400,
      );
    }
    expect(
      (await svc.call('PATCH', `${url}/missing-item`, { token: owner.token, body: { quantity: 1 } }))
        .statusCode,
    ).toBe(404);
    const removed = await svc.call('DELETE', `${url}/${itemId}`, { token: owner.token });
    expect(removed.json().items).toEqual([]);
  });

  it('adds the whole list, or chosen lines, to the cart at today’s prices with per-line errors', async () => {
    const { owner, colleague } = await colleagues();
    const list = (
      await create(owner, {
        name: 'Monthly',
        shared: true,
        items: [
          { sku: 'GLOVE-2', quantity: 2 },
          { sku: 'BOLT-8', quantity: 30 }, // not a multiple of 50
          { sku: 'TAPE-1', quantity: 1 },
        ],
      })
    ).json();
    svc.products.put({ sku: 'GLOVE-2', name: 'Gloves', price: { amount: '5.00', currency: 'EUR' } });
    const res = await svc.call('POST', `/shopping-lists/${list.id}/add-to-cart`, {
      token: colleague.token,
      body: {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      added: [
        { sku: 'GLOVE-2', quantity: 2 },
        { sku: 'TAPE-1', quantity: 1 },
      ],
      errors: [{ line: 2, sku: 'BOLT-8', message: expect.stringContaining('multiple of 50') }],
    });
    // Into the caller's own cart, at today's price; the owner's cart is untouched.
    const cart = (await svc.call('GET', '/cart', { token: colleague.token })).json();
    expect(cart.items.map((i: { sku: string; unitPrice: unknown }) => [i.sku, i.unitPrice])).toEqual([
      ['GLOVE-2', { amount: '5.00', currency: 'EUR' }],
      ['TAPE-1', { amount: '2.00', currency: 'EUR' }],
    ]);
    expect((await svc.call('GET', '/cart', { token: owner.token })).json().items).toEqual([]);

    const tapeId = list.items.find((i: { sku: string }) => i.sku === 'TAPE-1').id;
    const chosen = await svc.call('POST', `/shopping-lists/${list.id}/add-to-cart`, {
      token: owner.token,
      body: { itemIds: [tapeId] },
    });
    expect(chosen.json()).toEqual({ added: [{ sku: 'TAPE-1', quantity: 1 }], errors: [] });
    const wrong = await svc.call('POST', `/shopping-lists/${list.id}/add-to-cart`, {
      token: owner.token,
      body: { itemIds: ['not-on-list'] },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('SHOPPING_LIST_ITEM_NOT_FOUND');
  });

  it('makes a list from the cart or from a past order of the company; another company’s order is a 404', async () => {
    const { owner, admin, stranger } = await colleagues();
    await svc.call('POST', '/cart/items', { token: owner.token, body: { sku: 'GLOVE-2', quantity: 3 } });
    const fromCart = await create(owner, { name: 'From cart', fromCart: true });
    expect(fromCart.statusCode).toBe(201);
    expect(fromCart.json().items).toEqual([
      { id: expect.any(String), sku: 'GLOVE-2', quantity: 3, note: null },
    ]);

    const placed = await svc.call('POST', '/orders', {
      token: owner.token,
      body: { shippingAddress: address, paymentMethod: 'invoice' },
    });
    expect(placed.statusCode).toBe(201);
    const orderId = placed.json().id;
    const fromOrder = await create(admin, { name: 'Again', fromOrderId: orderId });
    expect(fromOrder.statusCode).toBe(201);
    expect(fromOrder.json().items.map((i: { sku: string; quantity: number }) => [i.sku, i.quantity])).toEqual(
      [['GLOVE-2', 3]],
    );
    const foreign = await create(stranger, { name: 'Theirs', fromOrderId: orderId });
    expect(foreign.statusCode).toBe(404);
    const both = await create(owner, { name: 'Both', fromCart: true, items: [] });
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('ONE_LIST_SOURCE');
    for (const body of [{}, { name: '  ' }, { name: 'x', shared: 'yes' }, { name: 'x', owner: 'me' }]) {
      expect((await create(owner, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('the owner or a company admin deletes a shared list; a colleague cannot', async () => {
    const { owner, colleague, admin } = await colleagues();
    const list = (await create(owner, { name: 'Shared', shared: true })).json();
    const refused = await svc.call('DELETE', `/shopping-lists/${list.id}`, { token: colleague.token });
    expect(refused.statusCode).toBe(403);
    expect((await svc.call('DELETE', `/shopping-lists/${list.id}`, { token: admin.token })).statusCode).toBe(
      204,
    );
    expect((await svc.call('GET', `/shopping-lists/${list.id}`, { token: owner.token })).statusCode).toBe(
      404,
    );
    const own = (await create(colleague, { name: 'Mine' })).json();
    expect(
      (await svc.call('DELETE', `/shopping-lists/${own.id}`, { token: colleague.token })).statusCode,
    ).toBe(204);
  });

  it('colleagues adding lines to a shared list at the same time keep every line', async () => {
    const { owner, colleague } = await colleagues();
    const list = (await create(owner, { name: 'Busy', shared: true })).json();
    const adds = ['GLOVE-2', 'TAPE-1', 'BOLT-8'].flatMap((sku) =>
      [owner, colleague].map((m) =>
        svc.call('POST', `/shopping-lists/${list.id}/items`, { token: m.token, body: { sku, quantity: 50 } }),
      ),
    );
    const answers = await Promise.all(adds);
    expect(answers.map((a) => a.statusCode)).toEqual(adds.map(() => 201));
    const after = (await svc.call('GET', `/shopping-lists/${list.id}`, { token: owner.token })).json();
    expect(after.items.map((i: { sku: string; quantity: number }) => [i.sku, i.quantity]).sort()).toEqual([
      ['BOLT-8', 100],
      ['GLOVE-2', 100],
      ['TAPE-1', 100],
    ]);
  });
});
