/** Quick order as CSV: `sku,quantity` per line, an optional header, at most 500 lines. */
import { orderErrors } from './errors.ts';

export interface QuickOrderLine {
  line: number | null;
  sku: string;
  quantity: number;
}

export interface ParsedQuickOrder {
  lines: QuickOrderLine[];
  errors: { line: number; sku: string; message: string }[];
}

const SKU = /^[A-Za-z0-9._/-]{1,64}$/;
const MAX_QUANTITY = 1_000_000;

/** Lines are numbered from 1 as an editor shows them (the header is line 1 when present). */
export function parseQuickOrderCsv(text: string, maxLines: number): ParsedQuickOrder {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const result: ParsedQuickOrder = { lines: [], errors: [] };
  let dataLines = 0;
  rows.forEach((raw, index) => {
    const lineNo = index + 1;
    const row = raw.trim();
    if (row === '') return;
    if (index === 0 && /^"?sku"?\s*[,;]\s*"?quantity"?$/i.test(row)) return;
    dataLines++;
    if (dataLines > maxLines) return;
    const fields = row.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
    const [sku = '', quantityText = ''] = fields;
    if (fields.length !== 2) {
      result.errors.push({ line: lineNo, sku, message: 'expected two columns: sku,quantity' });
    } else if (!SKU.test(sku)) {
      result.errors.push({ line: lineNo, sku, message: 'not a valid sku' });
    } else if (
      !/^\d{1,7}$/.test(quantityText) ||
      Number(quantityText) < 1 ||
      Number(quantityText) > MAX_QUANTITY
    ) {
      result.errors.push({
        line: lineNo,
        sku,
        message: `quantity must be a whole number from 1 to ${MAX_QUANTITY}`,
      });
    } else {
      result.lines.push({ line: lineNo, sku, quantity: Number(quantityText) });
    }
  });
  if (dataLines > maxLines) throw orderErrors.csvTooLong(maxLines);
  return result;
}
