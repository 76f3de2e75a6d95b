/**
 * Quick order: paste `sku,quantity` lines or upload a CSV; every line the format or the order
 * service refuses is listed with its line number, and a long list is added in batches with a
 * progress bar (the bulk endpoint answers per batch).
 */
import { Button, type Column, ErrorMessage, ItemsTable, useApi } from '@b2b/web-kit/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form, Label, ProgressBar } from 'react-aria-components';
import { Link } from 'react-router';
import type { BulkResult } from '../api-types.ts';
import { TextAreaField } from '../components/fields.tsx';
import {
  batches,
  parseQuickOrder,
  type QuickOrderLine,
  type QuickOrderProblem,
} from '../quick-order/parse.ts';

const BATCH_SIZE = 50;

const problemColumns: readonly Column<QuickOrderProblem>[] = [
  { key: 'line', header: 'Line', cell: (p) => p.line || '—' },
  { key: 'sku', header: 'SKU', cell: (p) => p.sku },
  { key: 'problem', header: 'Problem', cell: (p) => p.message },
];

interface Outcome {
  readonly added: number;
  readonly problems: readonly QuickOrderProblem[];
}

export function QuickOrderPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [failure, setFailure] = useState<unknown>();

  const addLines = async (lines: readonly QuickOrderLine[], formatProblems: readonly QuickOrderProblem[]) => {
    const problems = [...formatProblems];
    let added = 0;
    setProgress({ done: 0, total: lines.length });
    for (const batch of batches(lines, BATCH_SIZE)) {
      const result = await api.request<BulkResult>('POST', '/cart/items/bulk', {
        items: batch.map(({ sku, quantity }) => ({ sku, quantity })),
      });
      added += result.added.length;
      // The API numbers the items of a JSON body from 1: back to the line the buyer typed.
      for (const e of result.errors) {
        const source = e.line === null ? undefined : batch[e.line - 1];
        problems.push({ line: source?.line ?? 0, sku: e.sku, message: e.message });
      }
      setProgress((p) => p && { ...p, done: p.done + batch.length });
    }
    problems.sort((a, b) => a.line - b.line);
    return { added, problems };
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setOutcome(undefined);
    setFailure(undefined);
    const parsed = parseQuickOrder(text);
    try {
      setOutcome(
        parsed.lines.length > 0
          ? await addLines(parsed.lines, parsed.problems)
          : { added: 0, problems: parsed.problems },
      );
    } catch (err) {
      setFailure(err);
    } finally {
      setProgress(undefined);
      await queryClient.invalidateQueries({ queryKey: ['cart'] });
    }
  };

  const onFile = async (file: File | undefined) => {
    if (file) setText(await file.text());
  };

  return (
    <section>
      <h1>Quick order</h1>
      <Form onSubmit={(e) => void onSubmit(e)}>
        <TextAreaField
          name="lines"
          label="SKU and quantity, one per line"
          description="For example: DRL-1001,5. A header line sku,quantity is fine."
          value={text}
          onChange={setText}
          rows={8}
        />
        <div className="field">
          <label htmlFor="quick-order-file">Or upload a CSV file (sku,quantity)</label>
          <input
            id="quick-order-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </div>
        <Button type="submit" isDisabled={progress !== undefined || text.trim() === ''}>
          Add to cart
        </Button>
      </Form>
      {progress && (
        <ProgressBar
          className="progress"
          value={progress.done}
          maxValue={progress.total}
          valueLabel={`${progress.done} of ${progress.total} lines`}
        >
          {({ percentage, valueText }) => (
            <>
              <Label>Adding to cart</Label>
              <span className="muted"> {valueText}</span>
              <div className="progress-track">
                <div className="progress-fill" style={{ width: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      )}
      {failure !== undefined && <ErrorMessage error={failure} />}
      {outcome && (
        <div role="status">
          <p>
            {outcome.added} {outcome.added === 1 ? 'line' : 'lines'} added to your cart.{' '}
            {outcome.added > 0 && <Link to="/cart">Go to the cart</Link>}
          </p>
          {outcome.problems.length > 0 && (
            <ItemsTable
              label="Lines not added"
              caption={`${outcome.problems.length} ${outcome.problems.length === 1 ? 'line was' : 'lines were'} not added`}
              columns={problemColumns}
              rows={outcome.problems}
              rowKey={(p) => `${p.line}-${p.sku}-${p.message}`}
            />
          )}
        </div>
      )}
    </section>
  );
}
