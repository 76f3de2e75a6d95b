import { describe, expect, it } from 'vitest';
import { batches, parseQuickOrder } from '../app/src/quick-order/parse.ts';

describe('quick order input', () => {
  it('keeps each line number, skips the header and blank lines, accepts tabs and semicolons', () => {
    const parsed = parseQuickOrder('sku,quantity\r\nDRL-1,5\n\n  SAW-2 ; 10 \nGLV-3\t2\n"BIT-4","1"\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([
      { line: 2, sku: 'DRL-1', quantity: 5 },
      { line: 4, sku: 'SAW-2', quantity: 10 },
      { line: 5, sku: 'GLV-3', quantity: 2 },
      { line: 6, sku: 'BIT-4', quantity: 1 },
    ]);
  });

  it('reports malformed lines by number and still returns the good ones', () => {
    const parsed = parseQuickOrder(
      'DRL-1,5\nonly-a-sku\nbad sku!,1\nSAW-2,0\nSAW-3,2.5\nSAW-4,1,extra\nOK-5,3',
    );
    expect(parsed.lines).toEqual([
      { line: 1, sku: 'DRL-1', quantity: 5 },
      { line: 7, sku: 'OK-5', quantity: 3 },
    ]);
    expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'expected two columns: sku,quantity'],
      [3, 'not a valid SKU'],
      [4, 'quantity must be a whole number from 1 to 1000000'],
      [5, 'quantity must be a whole number from 1 to 1000000'],
      [6, 'expected two columns: sku,quantity'],
    ]);
  });

  it('treats a header only on the first line as a header', () => {
    expect(parseQuickOrder('DRL-1,5\nsku,quantity').problems).toEqual([
      { line: 2, sku: 'sku', message: 'quantity must be a whole number from 1 to 1000000' },
    ]);
  });

  it('splits a long list into batches of the given size, in order', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 50)).toEqual([]);
  });
});
