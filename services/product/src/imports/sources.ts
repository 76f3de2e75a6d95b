/** Where import rows come from: a parsed JSON array, or a CSV stream parsed as it arrives. */
import type { Readable } from 'node:stream';
import { errors } from '@b2b/shared/errors';
import { CsvError, parse } from 'csv-parse';
import { CSV_COLUMNS, csvRow, jsonRow, type RowResult } from './rows.ts';

const REQUIRED_COLUMNS = ['sku', 'name', 'listPrice'];

export async function* jsonRows(body: unknown): AsyncIterable<RowResult> {
  if (!Array.isArray(body)) {
    throw errors.badRequest('A JSON import is an array of products', 'VALIDATION_FAILED', [
      { path: '', message: 'must be an array' },
    ]);
  }
  for (const [i, value] of body.entries()) yield jsonRow(value, i + 1);
}

/** The header is checked first (unknown or missing columns are a 400 before any row is written). */
function checkedHeader(header: string[]): string[] {
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    throw errors.badRequest(
      [
        unknown.length ? `unknown columns: ${unknown.join(', ')}` : '',
        missing.length ? `missing columns: ${missing.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      'INVALID_CSV_HEADER',
      [
        {
          path: '/header',
          message: `columns are ${CSV_COLUMNS.join(',')}; sku, name and listPrice are required`,
        },
      ],
    );
  }
  return columns;
}

/**
 * Rows of a CSV body as they stream in. A malformed line (an unclosed quote, a wrong number of
 * cells) is skipped by the parser and reported as that row's error; the other rows go on.
 */
export async function* csvRows(stream: Readable): AsyncIterable<RowResult> {
  const skipped: RowResult[] = [];
  const parser = stream.pipe(
    parse({
      columns: checkedHeader,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 64 * 1024,
      skip_records_with_error: true,
    }),
  );
  stream.once('error', (err) => parser.destroy(err));
  parser.on('skip', (err: CsvError & { records?: number }) => {
    skipped.push({
      ok: false,
      row: (err.records ?? 0) + skipped.length + 1,
      message: `malformed CSV: ${err.message}`,
    });
  });
  let row = 0;
  try {
    for await (const record of parser) {
      while (skipped.length > 0) {
        yield skipped.shift()!;
        row++;
      }
      row++;
      yield csvRow(record, row);
    }
  } catch (err) {
    // The header check throws inside the parser: surface its own 400.
    const cause = err instanceof CsvError ? (err as { cause?: unknown }).cause : undefined;
    throw cause ?? err;
  }
  yield* skipped;
}
