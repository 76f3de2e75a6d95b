import { Button, ErrorMessage, ScrollRegion, useApi } from '@b2b/web-kit/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { chunk, splitCsv } from './csv-chunks.ts';

interface ImportReport {
  readonly created: number;
  readonly updated: number;
  readonly errors: readonly { row: number; sku?: string; message: string }[];
}

/** Rows per request: small enough for steady progress, large enough to keep requests few. */
const CHUNK_ROWS = 250;

type State =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running' | 'done';
      readonly done: number;
      readonly total: number;
      readonly report: ImportReport;
    }
  | {
      readonly phase: 'failed';
      readonly error: unknown;
      readonly done: number;
      readonly report: ImportReport;
    };

const emptyReport: ImportReport = { created: 0, updated: 0, errors: [] };

function merge(into: ImportReport, part: ImportReport, rowOffset: number): ImportReport {
  return {
    created: into.created + part.created,
    updated: into.updated + part.updated,
    errors: [...into.errors, ...part.errors.map((e) => ({ ...e, row: e.row + rowOffset }))],
  };
}

export function ImportProductsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('file');
    if (!(file instanceof File)) return;
    const { header, records } = splitCsv(await file.text());
    let report = emptyReport;
    let done = 0;
    setState({ phase: 'running', done, total: records.length, report });
    for (const part of chunk(records, CHUNK_ROWS)) {
      try {
        const answer = await api.request<ImportReport>(
          'POST',
          '/admin/products/import',
          `${header}\n${part.join('\n')}\n`,
          { 'content-type': 'text/csv' },
        );
        report = merge(report, answer, done);
      } catch (error) {
        // Earlier chunks are stored; say where the import stopped.
        setState({ phase: 'failed', error, done, report });
        return;
      }
      done += part.length;
      setState({ phase: 'running', done, total: records.length, report });
    }
    setState({ phase: 'done', done, total: records.length, report });
    void queryClient.invalidateQueries({ queryKey: ['list'] });
  };
  const report = state.phase === 'idle' ? undefined : state.report;
  return (
    <section>
      <p>
        <Link to="/products">← Products</Link>
      </p>
      <h1>Import products</h1>
      <p>
        A CSV file with the header{' '}
        <code>
          sku,name,description,brand,category,listPrice,currency,minOrderQuantity,orderMultiple,status,onHand
        </code>{' '}
        (any order; only sku, name and listPrice are required). Existing skus are updated; a bad row is
        reported and never stops the others.
      </p>
      <form onSubmit={(e) => void onSubmit(e)} aria-label="Import a CSV file">
        <div className="field">
          <label htmlFor="import-file">CSV file</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <Button type="submit" isDisabled={state.phase === 'running'}>
          {state.phase === 'running' ? 'Importing…' : 'Import'}
        </Button>
      </form>
      {state.phase !== 'idle' && state.phase !== 'failed' && (
        <div className="field">
          <label htmlFor="import-progress">Rows processed</label>
          <progress id="import-progress" max={state.total} value={state.done} />
          <span role="status">
            {state.done} of {state.total} rows{state.phase === 'done' ? ': finished' : ''}
          </span>
        </div>
      )}
      {state.phase === 'failed' && (
        <>
          <p className="notice notice-error">The import stopped after {state.done} rows.</p>
          <ErrorMessage error={state.error} />
        </>
      )}
      {report && (state.phase === 'done' || state.phase === 'failed') && (
        <section aria-labelledby="report-heading">
          <h2 id="report-heading">Result</h2>
          <p>
            {report.created} created, {report.updated} updated, {report.errors.length} rows refused.
          </p>
          {report.errors.length > 0 && (
            <ScrollRegion label="Refused rows">
              <table>
                <caption>Refused rows</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">SKU</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.map((e) => (
                    <tr key={`${e.row}-${e.message}`}>
                      <td>{e.row}</td>
                      <td>{e.sku ?? '—'}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </section>
      )}
    </section>
  );
}
