import { describe, expect, it } from 'vitest';
import { messageUnder, parseTiers, productBody, rows } from '../app/src/forms.ts';
import { chunk, splitCsv } from '../app/src/pages/products/csv-chunks.ts';

function form(entries: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe('productBody', () => {
  it('builds api.md’s create body with amounts as the decimal strings typed', () => {
    const body = productBody(
      form([
        ['sku', ' BOLT-1 '],
        ['name', 'Bolt'],
        ['amount', '12345678901234567.89'],
        ['currency', 'eur'],
        ['description', 'M8'],
        ['brand', 'Acme'],
        ['status', 'active'],
        ['minOrderQuantity', '10'],
        ['orderMultiple', '5'],
        ['categoryIds', 'c1'],
        ['categoryIds', 'c2'],
        ['tiers.minQuantity', '100'],
        ['tiers.amount', '0.1234'],
        ['tiers.minQuantity', ''],
        ['tiers.amount', ''],
        ['attributes.name', 'thread'],
        ['attributes.value', 'M8'],
      ]),
    );
    expect(body).toEqual({
      sku: 'BOLT-1',
      name: 'Bolt',
      listPrice: { amount: '12345678901234567.89', currency: 'EUR' },
      description: 'M8',
      brand: 'Acme',
      categoryIds: ['c1', 'c2'],
      attributes: { thread: 'M8' },
      priceTiers: [{ minQuantity: 100, price: { amount: '0.1234', currency: 'EUR' } }],
      minOrderQuantity: 10,
      orderMultiple: 5,
      status: 'active',
    });
  });

  it('sends what is not an integer as typed, for the API to refuse with a field error', () => {
    const body = productBody(
      form([
        ['sku', 'S'],
        ['name', 'N'],
        ['amount', '1,5'],
        ['currency', 'EUR'],
        ['minOrderQuantity', '2.5'],
        ['orderMultiple', '3'],
      ]),
    );
    expect(body.minOrderQuantity).toBe('2.5');
    expect(body.orderMultiple).toBe(3);
    expect(body.listPrice).toEqual({ amount: '1,5', currency: 'EUR' });
    expect(body.status).toBe('draft');
  });
});

describe('rows, tiers and error lookup', () => {
  it('zips repeated inputs in order and drops blank rows only', () => {
    const data = form([
      ['e.sku', 'A'],
      ['e.amount', '1.00'],
      ['e.sku', ''],
      ['e.amount', ''],
      ['e.sku', 'B'],
      ['e.amount', ''],
    ]);
    expect(rows(data, 'e', ['sku', 'amount'])).toEqual([
      { sku: 'A', amount: '1.00' },
      { sku: 'B', amount: '' },
    ]);
  });

  it('parses "quantity:price" tiers keeping amounts as strings', () => {
    expect(parseTiers('10:9.50; 50 : 9.00', 'EUR')).toEqual([
      { minQuantity: 10, price: { amount: '9.50', currency: 'EUR' } },
      { minQuantity: 50, price: { amount: '9.00', currency: 'EUR' } },
    ]);
    expect(parseTiers('ten:9', 'EUR')[0]?.minQuantity).toBe('ten');
    expect(parseTiers('  ', 'EUR')).toEqual([]);
  });

  it('finds the API message for a path or below it, not for a sibling', () => {
    const error = { fieldErrors: [{ path: '/entries/2/price/amount', message: 'must be a decimal' }] };
    expect(messageUnder(error, 'entries/2/price')).toBe('must be a decimal');
    expect(messageUnder(error, 'entries/2')).toBe('must be a decimal');
    expect(messageUnder(error, 'entries/1')).toBeUndefined();
    expect(messageUnder(error, 'entries/2/pri')).toBeUndefined();
  });
});

describe('splitCsv', () => {
  it('keeps a newline inside a quoted field within its record, and drops a BOM and blank lines', () => {
    const { header, records } = splitCsv(
      '\uFEFFsku,name,description\r\nA,"Bolt","two\nlines"\r\n\r\nB,Nut,x\n',
    );
    expect(header).toBe('sku,name,description');
    expect(records).toEqual(['A,"Bolt","two\nlines"', 'B,Nut,x']);
  });

  it('chunks records without losing any', () => {
    const parts = chunk([1, 2, 3, 4, 5], 2);
    expect(parts).toEqual([[1, 2], [3, 4], [5]]);
  });
});
