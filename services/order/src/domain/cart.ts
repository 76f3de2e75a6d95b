/**
 * The buyer's cart: lines priced by the product service's quote. A read re-checks every price and
 * the availability, keeps the newest price and says what changed in `warnings`.
 */
import { randomUUID } from 'node:crypto';
import { fromStoredMoney, toStoredMoney } from '@b2b/shared/db';
import { AppError } from '@b2b/shared/errors';
import { equals, formatAmount, type Money, multiply } from '@b2b/shared/money';
import { retry } from '@b2b/shared/resilience';
import type { QuoteRequestLine } from '../pricing/price-quoter.ts';
import { revisionOf } from '../repositories/carts.ts';
import type { Caller, OrderContext } from './context.ts';
import { orderErrors } from './errors.ts';
import type { CartDoc, CartLine } from './model.ts';
import { lineProblemMessages, pricedLine, quantityRuleMessages } from './priced-lines.ts';
import { companyOf } from './projections.ts';
import { computeTotals, type Totals } from './totals.ts';

/** A cart holds at most this many lines (the product quote's own bound). */
export const MAX_CART_LINES = 500;

export interface CartWarning {
  code: 'price_changed' | 'unavailable' | 'insufficient_stock' | 'quantity_rule' | 'prices_unverified';
  sku: string | null;
  message: string;
}

export interface CartLineView {
  id: string;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface PricedCart {
  id: string;
  items: CartLineView[];
  totals: Totals;
  warnings: CartWarning[];
}

/** A save lost to a concurrent write of the same cart: read again and redo the change. */
class CartWriteConflict extends Error {}

/** How often one request redoes its change before answering 409 CART_BUSY. */
const CART_WRITE_ATTEMPTS = 20;

/**
 * Read → change → save only if nobody else saved in between; on a lost race read again and
 * redo `change` (with a short jittered pause, so racing writers spread out). `change` returns
 * the new lines, or null when there is nothing to save; its result is returned.
 */
async function changeCart<R>(
  ctx: OrderContext,
  caller: Caller,
  change: (lines: CartLine[]) => Promise<{ lines: CartLine[] | null; result: R }>,
): Promise<R> {
  try {
    return await retry(
      async () => {
        const cart = await ctx.repos.carts.find(caller.userId, caller.companyId);
        const { lines, result } = await change(cart?.items ?? []);
        if (lines === null) return result;
        const saved = await ctx.repos.carts.saveIfUnchanged(
          caller.userId,
          caller.companyId,
          lines,
          ctx.now(),
          cart ? revisionOf(cart) : null,
        );
        if (!saved) throw new CartWriteConflict();
        return result;
      },
      {
        retries: CART_WRITE_ATTEMPTS - 1,
        baseMs: 5,
        maxMs: 100,
        isRetryable: (err) => err instanceof CartWriteConflict,
      },
    );
  } catch (err) {
    if (err instanceof CartWriteConflict) throw orderErrors.cartBusy();
    throw err;
  }
}

async function taxBuyer(ctx: OrderContext, companyId: string) {
  const company = await companyOf(ctx, companyId);
  return { country: company?.country ?? null, vatId: company?.vatId ?? null };
}

function view(line: CartLine): CartLineView {
  const unitPrice = fromStoredMoney(line.unitPrice);
  return {
    id: line.id,
    productId: line.productId,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    unitPrice,
    lineTotal: multiply(unitPrice, line.quantity),
  };
}

/** The cart with today's prices. When the product service cannot answer, the stored prices and a warning. */
export async function getCart(ctx: OrderContext, caller: Caller): Promise<PricedCart> {
  const cart = await ctx.repos.carts.find(caller.userId, caller.companyId);
  const lines = cart?.items ?? [];
  const warnings: CartWarning[] = [];
  let current = lines;
  if (lines.length > 0) {
    try {
      const quote = await ctx.prices.quote(
        caller.companyId,
        lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      );
      let changed = false;
      current = lines.map((line, index) => {
        const quoted = quote.lines[index];
        if (!quoted) return line;
        const priced = pricedLine(quoted);
        if (!priced) {
          warnings.push({
            code: 'unavailable',
            sku: line.sku,
            message: `${line.sku} can no longer be ordered`,
          });
          return line;
        }
        for (const message of lineProblemMessages(quoted)) {
          const code =
            quoted.problems.includes('insufficient_stock') && message.startsWith('only')
              ? 'insufficient_stock'
              : 'quantity_rule';
          warnings.push({ code, sku: line.sku, message: `${line.sku}: ${message}` });
        }
        const before = fromStoredMoney(line.unitPrice);
        if (equals(before, priced.unitPrice) && line.name === priced.name) return line;
        if (!equals(before, priced.unitPrice)) {
          warnings.push({
            code: 'price_changed',
            sku: line.sku,
            message: `${line.sku}: the unit price changed from ${formatAmount(before)} to ${formatAmount(priced.unitPrice)} ${priced.unitPrice.currency}`,
          });
        }
        changed = true;
        return { ...line, name: priced.name, unitPrice: toStoredMoney(priced.unitPrice) };
      });
      // The cart keeps the newest prices, so a change is reported once, on the read that saw it.
      // Only if nobody changed the cart since it was read: a concurrent add wins, and the next
      // read reprices again.
      if (changed && cart) {
        await ctx.repos.carts.saveIfUnchanged(
          caller.userId,
          caller.companyId,
          current,
          ctx.now(),
          revisionOf(cart),
        );
      }
    } catch (err) {
      // Unreachable, failing, timing out or behind an open breaker: 502-504 (the service client's errors).
      if (!(err instanceof AppError) || err.status < 502 || err.status > 504) throw err;
      ctx.log.warn({ code: err.code }, 'cart read with stored prices: product service unavailable');
      warnings.push({
        code: 'prices_unverified',
        sku: null,
        message: 'Prices could not be checked just now; they are re-checked at checkout',
      });
    }
  }
  const items = current.map(view);
  const totals = computeTotals(
    items.map((i) => i.lineTotal),
    await taxBuyer(ctx, caller.companyId),
    ctx.rules,
  );
  return { id: caller.userId, items, totals, warnings };
}

interface Merge {
  lines: CartLine[];
  added: { sku: string; quantity: number }[];
  errors: { line: number | null; sku: string; message: string }[];
}

/**
 * Adds requested quantities to the cart (an sku already there grows), all priced by ONE quote.
 * Lines that break a rule or name an unknown sku are reported, the others are added.
 */
async function mergeIntoCart(
  ctx: OrderContext,
  caller: Caller,
  lines: CartLine[],
  requests: { line: number | null; sku: string; quantity: number }[],
): Promise<Merge> {
  const bySku = new Map(lines.map((l) => [l.sku.toUpperCase(), l]));
  // Merge duplicates of the request first: one quote line per sku.
  const wanted = new Map<string, { sku: string; quantity: number; lines: (number | null)[] }>();
  for (const r of requests) {
    const key = r.sku.toUpperCase();
    const entry = wanted.get(key) ?? { sku: r.sku, quantity: 0, lines: [] };
    entry.quantity += r.quantity;
    entry.lines.push(r.line);
    wanted.set(key, entry);
  }
  const asks: QuoteRequestLine[] = [...wanted.entries()].map(([key, w]) => ({
    sku: bySku.get(key)?.sku ?? w.sku,
    quantity: w.quantity + (bySku.get(key)?.quantity ?? 0),
  }));
  const result: Merge = { lines: [...lines], added: [], errors: [] };
  if (asks.length === 0) return result;
  const quote = await ctx.prices.quote(caller.companyId, asks);
  const entries = [...wanted.values()];
  asks.forEach((ask, index) => {
    const quoted = quote.lines[index];
    const request = entries[index]!;
    const firstLine = request.lines[0] ?? null;
    const priced = quoted ? pricedLine(quoted) : undefined;
    if (!quoted || !priced) {
      result.errors.push({ line: firstLine, sku: request.sku, message: 'unknown sku' });
      return;
    }
    const broken = quantityRuleMessages(quoted);
    if (broken.length > 0) {
      result.errors.push({ line: firstLine, sku: priced.sku, message: broken.join('; ') });
      return;
    }
    const existing = bySku.get(priced.sku.toUpperCase()) ?? bySku.get(request.sku.toUpperCase());
    const updated: CartLine = {
      id: existing?.id ?? randomUUID(),
      sku: priced.sku,
      productId: priced.productId,
      name: priced.name,
      quantity: ask.quantity,
      unitPrice: toStoredMoney(priced.unitPrice),
      addedAt: existing?.addedAt ?? ctx.now(),
    };
    const at = result.lines.findIndex((l) => l.id === updated.id);
    if (at >= 0) result.lines[at] = updated;
    else result.lines.push(updated);
    result.added.push({ sku: priced.sku, quantity: request.quantity });
  });
  if (result.lines.length > MAX_CART_LINES) throw orderErrors.cartTooLarge(MAX_CART_LINES);
  return result;
}

export async function addCartItem(
  ctx: OrderContext,
  caller: Caller,
  item: { sku: string; quantity: number },
): Promise<PricedCart> {
  await changeCart(ctx, caller, async (lines) => {
    const merged = await mergeIntoCart(ctx, caller, lines, [{ line: null, ...item }]);
    const [problem] = merged.errors;
    if (problem) {
      if (problem.message === 'unknown sku') throw orderErrors.unknownSku(item.sku);
      throw orderErrors.quantityRule(problem.sku, problem.message.split('; '));
    }
    return { lines: merged.lines, result: undefined };
  });
  return getCart(ctx, caller);
}

/** Quick order: every line that can be added is, the others come back as errors. */
export async function addCartItemsInBulk(
  ctx: OrderContext,
  caller: Caller,
  requests: { line: number | null; sku: string; quantity: number }[],
): Promise<Omit<Merge, 'lines'>> {
  return changeCart(ctx, caller, async (lines) => {
    const merged = await mergeIntoCart(ctx, caller, lines, requests);
    return {
      lines: merged.added.length > 0 ? merged.lines : null,
      result: { added: merged.added, errors: merged.errors },
    };
  });
}

export async function updateCartItem(
  ctx: OrderContext,
  caller: Caller,
  itemId: string,
  quantity: number,
): Promise<PricedCart> {
  await changeCart(ctx, caller, async (lines) => {
    const line = lines.find((l) => l.id === itemId);
    if (!line) throw orderErrors.cartItemNotFound();
    const [quoted] = (await ctx.prices.quote(caller.companyId, [{ sku: line.sku, quantity }])).lines;
    const priced = quoted ? pricedLine(quoted) : undefined;
    if (!quoted || !priced) throw orderErrors.unknownSku(line.sku);
    const broken = quantityRuleMessages(quoted);
    if (broken.length > 0) throw orderErrors.quantityRule(line.sku, broken);
    const next = lines.map((l) =>
      l.id === itemId ? { ...l, quantity, name: priced.name, unitPrice: toStoredMoney(priced.unitPrice) } : l,
    );
    return { lines: next, result: undefined };
  });
  return getCart(ctx, caller);
}

export async function removeCartItem(ctx: OrderContext, caller: Caller, itemId: string): Promise<PricedCart> {
  await changeCart(ctx, caller, async (lines) => {
    if (!lines.some((l) => l.id === itemId)) throw orderErrors.cartItemNotFound();
    return { lines: lines.filter((l) => l.id !== itemId), result: undefined };
  });
  return getCart(ctx, caller);
}

export async function clearCart(ctx: OrderContext, caller: Caller): Promise<void> {
  await ctx.repos.carts.clear(caller.userId, caller.companyId, ctx.now());
}

export type { CartDoc };
