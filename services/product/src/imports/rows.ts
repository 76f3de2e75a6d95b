/**
 * Import rows → create bodies. JSON rows are create bodies (plus `onHand`), checked with the create
 * schema; CSV rows are flat (api.md's header), matched by column name in any order, converted, then
 * checked the same way. A bad row gets a message; it never stops the others.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { ProductInput } from '../domain/products.ts';
import { ProductCreate } from '../schemas/products.ts';

export const ImportRow = Type.Object(
  {
    ...ProductCreate.properties,
    onHand: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  },
  { additionalProperties: false },
);
const checkRow = Compile(ImportRow);

export interface ImportItem {
  /** 1-based, header excluded. */
  row: number;
  input: ProductInput;
  onHand?: number;
  /** CSV rows name their category by slug; resolved against the tree before writing. */
  categorySlug?: string;
  /** CSV rows may leave currency out: the product's own (when it exists) or EUR. */
  currencyGiven: boolean;
}

export type RowResult =
  | { ok: true; item: ImportItem }
  | { ok: false; row: number; sku?: string; message: string };

function firstError(value: unknown): string {
  const [error] = checkRow.Errors(value);
  if (!error) return 'is invalid';
  const params = error.params as { additionalProperties?: string[]; requiredProperties?: string[] };
  if (error.keyword === 'additionalProperties')
    return `${params.additionalProperties?.join(', ')}: unknown field`;
  if (error.keyword === 'required') return `${params.requiredProperties?.join(', ')}: is required`;
  return `${error.instancePath || 'row'}: ${error.message}`;
}

export function jsonRow(value: unknown, row: number): RowResult {
  const sku =
    typeof (value as { sku?: unknown })?.sku === 'string' ? (value as { sku: string }).sku : undefined;
  if (!checkRow.Check(value)) return { ok: false, row, sku, message: firstError(value) };
  const { onHand, ...input } = value;
  return { ok: true, item: { row, input, onHand, currencyGiven: true } };
}

export const CSV_COLUMNS = [
  'sku',
  'name',
  'description',
  'brand',
  'category',
  'listPrice',
  'currency',
  'minOrderQuantity',
  'orderMultiple',
  'status',
  'onHand',
] as const;
type CsvRecord = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

const INTEGER = /^\d{1,10}$/;

/** A CSV record (columns by header name; empty cells are absent) → the same checks as JSON. */
export function csvRow(record: CsvRecord, row: number): RowResult {
  const cell = (name: keyof CsvRecord) => {
    const value = record[name]?.trim();
    return value === '' ? undefined : value;
  };
  const sku = cell('sku');
  const body: Record<string, unknown> = { sku, name: cell('name') };
  const price = cell('listPrice');
  if (price !== undefined) body.listPrice = { amount: price, currency: cell('currency') ?? 'EUR' };
  for (const field of ['description', 'brand', 'status'] as const) {
    const value = cell(field);
    if (value !== undefined) body[field] = value;
  }
  for (const field of ['minOrderQuantity', 'orderMultiple', 'onHand'] as const) {
    const value = cell(field);
    if (value === undefined) continue;
    if (!INTEGER.test(value)) return { ok: false, row, sku, message: `${field}: must be a whole number` };
    body[field] = Number(value);
  }
  const result = jsonRow(body, row);
  if (!result.ok) return result;
  const categorySlug = cell('category');
  return {
    ok: true,
    item: {
      ...result.item,
      currencyGiven: cell('currency') !== undefined,
      ...(categorySlug ? { categorySlug } : {}),
    },
  };
}
