/**
 * Splits a CSV file into its header and records without parsing fields: a newline inside a quoted
 * field stays inside its record. The import sends the header with each chunk of records, so the
 * page can show real progress (records done of all) and number the API's per-row errors by file row.
 */
export interface CsvChunks {
  readonly header: string;
  readonly records: readonly string[];
}

export function splitCsv(content: string): CsvChunks {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      records.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start).replace(/\r$/, ''));
  const [header = '', ...rest] = records;
  return { header, records: rest.filter((r) => r.trim() !== '') };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
