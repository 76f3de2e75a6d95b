/**
 * Quick order input (pasted `sku,quantity` lines or an uploaded CSV) → the JSON lines of
 * POST /cart/items/bulk, keeping each line's number so the API's per-item errors can be shown
 * against the line the buyer typed. Only the format is checked here (two columns, a whole
 * quantity): one malformed line must not make the API refuse the whole batch. Whether a sku
 * exists and its minimum and multiple are the order service's rules, answered per item.
 */
export interface QuickOrderLine {
  readonly line: number;
  readonly sku: string;
  readonly quantity: number;
}

export interface QuickOrderProblem {
  readonly line: number;
  readonly sku: string;
  readonly message: string;
}

export interface ParsedQuickOrder {
  readonly lines: readonly QuickOrderLine[];
  readonly problems: readonly QuickOrderProblem[];
}

/** The order service's limits (its Sku and Quantity schemas). */
const SKU = /^[A-Za-z0-9._/-]{1,64}$/;
const MAX_QUANTITY = 1_000_000;
const HEADER = /^"?sku"?\s*[,;\t]\s*"?quantity"?$/i;

export function parseQuickOrder(text: string): ParsedQuickOrder {
  const lines: QuickOrderLine[] = [];
  const problems: QuickOrderProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const row = raw.trim();
      if (row === '' || (index === 0 && HEADER.test(row))) return;
      // Spreadsheets paste tab-separated; European CSV uses semicolons.
      const fields = row.split(/[,;\t]/).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
      const [sku = '', quantityText = ''] = fields;
      if (fields.length !== 2) problems.push({ line, sku, message: 'expected two columns: sku,quantity' });
      else if (!SKU.test(sku)) problems.push({ line, sku, message: 'not a valid SKU' });
      else if (
        !/^\d{1,7}$/.test(quantityText) ||
        Number(quantityText) < 1 ||
        Number(quantityText) > MAX_QUANTITY
      )
        problems.push({ line, sku, message: `quantity must be a whole number from 1 to ${MAX_QUANTITY}` });
      else lines.push({ line, sku, quantity: Number(quantityText) });
    });
  return { lines, problems };
}

/** Batches for the bulk endpoint, so a long list shows progress as each batch is added. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
