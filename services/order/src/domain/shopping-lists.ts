/**
 * Shopping lists (api.md): many per member, private or shared with the company, lines with notes;
 * a list (or chosen lines) goes into the caller's cart at today's prices with per-line errors; a
 * list can be made from a past order or from the cart. Another company's list, and a colleague's
 * private one, do not exist for the caller (404).
 */
import { randomUUID } from 'node:crypto';
import { AppError, errors } from '@b2b/shared/errors';
import type { ShoppingListDoc, ShoppingListItem } from '../repositories/shopping-lists.ts';
import { addCartItemsInBulk } from './cart.ts';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import { companyOrder } from './order-lifecycle.ts';
import { pricedLine } from './priced-lines.ts';

export type { ShoppingListDoc, ShoppingListItem };

export const MAX_LISTS_PER_MEMBER = 100;
export const MAX_LIST_ITEMS = 500;
/** Compare-and-set attempts before a busy list is reported as a conflict. */
const EDIT_ATTEMPTS = 10;

export const listErrors = {
  notFound: () => errors.notFound('Shopping list', 'SHOPPING_LIST_NOT_FOUND'),
  itemNotFound: () => errors.notFound('Shopping list item', 'SHOPPING_LIST_ITEM_NOT_FOUND'),
  notOwner: (what: string) => errors.forbidden(`Only the list's owner can ${what}`, 'NOT_LIST_OWNER'),
  tooManyLists: () =>
    errors.conflict(`A member keeps at most ${MAX_LISTS_PER_MEMBER} shopping lists`, 'TOO_MANY_LISTS'),
  tooManyItems: () =>
    errors.badRequest(`A shopping list holds at most ${MAX_LIST_ITEMS} lines`, 'SHOPPING_LIST_TOO_LARGE'),
  oneSource: () =>
    errors.badRequest('Give the lines as items, fromOrderId or fromCart: one of them', 'ONE_LIST_SOURCE'),
  busy: () => errors.conflict('The list is being changed by someone else; try again', 'SHOPPING_LIST_BUSY'),
};

export interface NewLine {
  sku: string;
  quantity: number;
  note?: string | null;
}

function line(ctx: OrderContext, l: NewLine): ShoppingListItem {
  return {
    id: randomUUID(),
    sku: l.sku,
    quantity: l.quantity,
    note: l.note?.trim() || null,
    addedAt: ctx.now(),
  };
}

/** The catalogue knows every sku (its own spelling is kept); an unknown one is a 404 UNKNOWN_SKU. */
async function checkedSkus(ctx: OrderContext, caller: Caller, lines: NewLine[]): Promise<NewLine[]> {
  if (lines.length === 0) return lines;
  const quote = await ctx.prices.quote(
    caller.companyId,
    lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
  );
  return lines.map((l, index) => {
    const quoted = quote.lines[index];
    const priced = quoted ? pricedLine(quoted) : undefined;
    if (!priced) throw orderErrors.unknownSku(l.sku);
    return { ...l, sku: priced.sku };
  });
}

/** Adds lines, an sku already on the list grows (a new note replaces the old one). */
function merged(items: ShoppingListItem[], additions: ShoppingListItem[]): ShoppingListItem[] {
  const next = items.map((i) => ({ ...i }));
  for (const add of additions) {
    const existing = next.find((i) => i.sku.toUpperCase() === add.sku.toUpperCase());
    if (existing) {
      existing.quantity = Math.min(existing.quantity + add.quantity, 1_000_000);
      if (add.note) existing.note = add.note;
    } else {
      next.push(add);
    }
  }
  if (next.length > MAX_LIST_ITEMS) throw listErrors.tooManyItems();
  return next;
}

export async function createShoppingList(
  ctx: OrderContext,
  caller: Caller,
  input: { name: string; shared?: boolean; items?: NewLine[]; fromOrderId?: string; fromCart?: boolean },
): Promise<ShoppingListDoc> {
  const sources = [input.items !== undefined, input.fromOrderId !== undefined, input.fromCart === true];
  if (sources.filter(Boolean).length > 1) throw listErrors.oneSource();
  let lines: NewLine[] = [];
  if (input.items) lines = await checkedSkus(ctx, caller, input.items);
  else if (input.fromOrderId) {
    const order = await companyOrder(ctx, caller, input.fromOrderId);
    lines = order.items.map((i) => ({ sku: i.sku, quantity: i.quantity }));
  } else if (input.fromCart) {
    const cart = await ctx.repos.carts.find(caller.userId, caller.companyId);
    lines = (cart?.items ?? []).map((i) => ({ sku: i.sku, quantity: i.quantity }));
  }
  if ((await ctx.repos.shoppingLists.countOwned(caller.userId, caller.companyId)) >= MAX_LISTS_PER_MEMBER) {
    throw listErrors.tooManyLists();
  }
  const now = ctx.now();
  const doc: ShoppingListDoc = {
    _id: randomUUID(),
    companyId: caller.companyId,
    ownerId: caller.userId,
    name: input.name.trim(),
    shared: input.shared ?? false,
    items: merged(
      [],
      lines.map((l) => line(ctx, l)),
    ),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.repos.shoppingLists.insert(doc);
  return doc;
}

export async function getShoppingList(
  ctx: OrderContext,
  caller: Caller,
  id: string,
): Promise<ShoppingListDoc> {
  const list = await ctx.repos.shoppingLists.findVisible(id, caller.userId, caller.companyId);
  if (!list) throw listErrors.notFound();
  return list;
}

export function listShoppingLists(ctx: OrderContext, caller: Caller, page: { page: number; limit: number }) {
  return ctx.repos.shoppingLists.listVisible(caller.userId, caller.companyId, page);
}

/**
 * Every edit: read, change, compare-and-set on the version, again if someone else wrote in
 * between, so two colleagues editing a shared list at once both keep their change.
 */
async function editList(
  ctx: OrderContext,
  caller: Caller,
  id: string,
  change: (list: ShoppingListDoc) => Omit<ShoppingListDoc, 'version'>,
): Promise<ShoppingListDoc> {
  for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
    const current = await getShoppingList(ctx, caller, id);
    const next = { ...change(current), updatedAt: ctx.now() };
    if (
      await ctx.repos.shoppingLists.replaceIfUnchanged(
        current,
        { ...next, version: current.version },
        caller.userId,
      )
    ) {
      return { ...next, version: current.version + 1 };
    }
  }
  throw listErrors.busy();
}

export function updateShoppingList(
  ctx: OrderContext,
  caller: Caller,
  id: string,
  changes: { name?: string; shared?: boolean },
): Promise<ShoppingListDoc> {
  return editList(ctx, caller, id, (list) => {
    // A colleague may edit a shared list's lines and name, but only its owner decides who sees it.
    if (changes.shared !== undefined && changes.shared !== list.shared && list.ownerId !== caller.userId) {
      throw listErrors.notOwner('share or unshare it');
    }
    return {
      ...list,
      ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
      ...(changes.shared === undefined ? {} : { shared: changes.shared }),
    };
  });
}

/** The owner, or a company admin for a shared list; colleagues may edit but not delete it. */
export async function deleteShoppingList(ctx: OrderContext, caller: Caller, id: string): Promise<void> {
  const list = await getShoppingList(ctx, caller, id);
  if (list.ownerId !== caller.userId && caller.companyRole !== 'company_admin') {
    throw listErrors.notOwner('delete it');
  }
  if (!(await ctx.repos.shoppingLists.delete(id, caller.companyId))) throw listErrors.notFound();
}

export async function addListItem(
  ctx: OrderContext,
  caller: Caller,
  id: string,
  input: NewLine,
): Promise<ShoppingListDoc> {
  await getShoppingList(ctx, caller, id);
  const [checked] = await checkedSkus(ctx, caller, [input]);
  return editList(ctx, caller, id, (list) => ({ ...list, items: merged(list.items, [line(ctx, checked!)]) }));
}

export function updateListItem(
  ctx: OrderContext,
  caller: Caller,
  id: string,
  itemId: string,
  changes: { quantity?: number; note?: string | null },
): Promise<ShoppingListDoc> {
  return editList(ctx, caller, id, (list) => {
    if (!list.items.some((i) => i.id === itemId)) throw listErrors.itemNotFound();
    return {
      ...list,
      items: list.items.map((i) =>
        i.id === itemId
          ? {
              ...i,
              ...(changes.quantity === undefined ? {} : { quantity: changes.quantity }),
              ...(changes.note === undefined ? {} : { note: changes.note?.trim() || null }),
            }
          : i,
      ),
    };
  });
}

export function removeListItem(ctx: OrderContext, caller: Caller, id: string, itemId: string) {
  return editList(ctx, caller, id, (list) => {
    if (!list.items.some((i) => i.id === itemId)) throw listErrors.itemNotFound();
    return { ...list, items: list.items.filter((i) => i.id !== itemId) };
  });
}

/**
 * The list's lines (all, or the chosen `itemIds`) into the caller's own cart at today's prices;
 * a line that cannot be added (unknown now, quantity rules) comes back in `errors` with its
 * position on the list, the others are added.
 */
export async function addListToCart(ctx: OrderContext, caller: Caller, id: string, itemIds?: string[]) {
  const list = await getShoppingList(ctx, caller, id);
  const chosen = itemIds ? new Set(itemIds) : null;
  if (chosen) {
    const unknown = [...chosen].filter((itemId) => !list.items.some((i) => i.id === itemId));
    if (unknown.length > 0) {
      throw new AppError({
        status: 400,
        code: 'SHOPPING_LIST_ITEM_NOT_FOUND',
        detail: 'Some chosen lines are not on the list',
        errors: unknown.map((itemId) => ({ path: '/itemIds', message: `${itemId} is not on the list` })),
      });
    }
  }
  const requests = list.items
    .map((item, index) => ({ line: index + 1, sku: item.sku, quantity: item.quantity, id: item.id }))
    .filter((r) => !chosen || chosen.has(r.id))
    .map(({ line, sku, quantity }) => ({ line, sku, quantity }));
  return addCartItemsInBulk(ctx, caller, requests);
}
