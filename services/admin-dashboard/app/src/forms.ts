/**
 * FormData → API bodies. Amounts stay the decimal strings typed (never parsed into numbers: the
 * API validates them and answers with errors[] shown next to the field); counts become integers
 * only when they are written as integers, otherwise they are sent as typed so the API refuses them.
 */
// The JSX-free module of the kit, so node-side tests of these helpers type-check without the DOM.
import type { MoneyValue } from '@b2b/web-kit/ui/format';

export function text(data: FormData, name: string): string {
  return String(data.get(name) ?? '').trim();
}

/** An integer field: a number when it is one, else the text (the API's 400 names the field). */
export function count(data: FormData, name: string): number | string {
  const value = text(data, name);
  return /^\d{1,10}$/.test(value) ? Number(value) : value;
}

export function money(amount: string, currency: string): MoneyValue {
  return { amount: amount.trim(), currency: currency.trim().toUpperCase() };
}

/** Repeated rows (inputs named `<prefix>.<field>` in document order) as records, blank rows dropped. */
export function rows<K extends string>(
  data: FormData,
  prefix: string,
  fields: readonly K[],
): Record<K, string>[] {
  const columns = fields.map((f) => data.getAll(`${prefix}.${f}`).map((v) => String(v).trim()));
  const length = Math.max(0, ...columns.map((c) => c.length));
  const out: Record<K, string>[] = [];
  for (let i = 0; i < length; i++) {
    const row = Object.fromEntries(fields.map((f, j) => [f, columns[j]?.[i] ?? ''])) as Record<K, string>;
    if (Object.values(row).some((v) => v !== '')) out.push(row);
  }
  return out;
}

export function tiers(data: FormData, prefix: string, currency: string) {
  return rows(data, prefix, ['minQuantity', 'amount'] as const).map((row) => ({
    minQuantity: /^\d{1,10}$/.test(row.minQuantity) ? Number(row.minQuantity) : row.minQuantity,
    price: money(row.amount, currency),
  }));
}

/** The product form → api.md's create body (PATCH takes the same fields). */
export function productBody(data: FormData): Record<string, unknown> {
  const currency = text(data, 'currency');
  const body: Record<string, unknown> = {
    sku: text(data, 'sku'),
    name: text(data, 'name'),
    listPrice: money(text(data, 'amount'), currency),
    description: String(data.get('description') ?? ''),
    brand: text(data, 'brand'),
    categoryIds: data.getAll('categoryIds').map(String),
    attributes: Object.fromEntries(
      rows(data, 'attributes', ['name', 'value'] as const).map((row) => [row.name, row.value]),
    ),
    priceTiers: tiers(data, 'tiers', currency),
    minOrderQuantity: count(data, 'minOrderQuantity'),
    orderMultiple: count(data, 'orderMultiple'),
    status: text(data, 'status') || 'draft',
  };
  const slug = text(data, 'slug');
  if (slug) body.slug = slug;
  return body;
}

/** The API's first message about `path` or anything under it (`entries/2` covers `entries/2/price/amount`). */
export function messageUnder(error: unknown, path: string): string | undefined {
  if (!error || typeof error !== 'object' || !('fieldErrors' in error)) return undefined;
  const problems = (error as { fieldErrors: readonly { path: string; message: string }[] }).fieldErrors;
  return problems.find((p) => p.path === `/${path}` || p.path.startsWith(`/${path}/`))?.message;
}

/** `10:9.50; 50:9.00` → tiers; amounts stay strings, a malformed part is sent as typed for the API to refuse. */
export function parseTiers(value: string, currency: string) {
  return value
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [quantity = '', amount = ''] = part.split(':').map((s) => s.trim());
      return {
        minQuantity: /^\d{1,10}$/.test(quantity) ? Number(quantity) : quantity,
        price: money(amount, currency),
      };
    });
}

export function formatTiers(tiers: readonly { minQuantity: number; price: MoneyValue }[]): string {
  return tiers.map((t) => `${t.minQuantity}:${t.price.amount}`).join('; ');
}
