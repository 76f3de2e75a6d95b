/**
 * The skeleton of an edit-the-whole-list form (cost centers, approval rules): numbered rows in
 * cards, each with a Remove button, then Add and Save, the save's error and its confirmation.
 * The page owns the rows' fields, its mutation and how FormData becomes the list it PUTs.
 */
import { Button, ErrorMessage } from '@b2b/web-kit/ui';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Form } from 'react-aria-components';

export type KeyedRow<T> = T & { readonly key: number };

/**
 * Rows with keys that survive removals, so a removed row's neighbours keep their typed text
 * (the fields are uncontrolled and named by key).
 */
export function useKeyedRows<T extends object>(initial: readonly T[]) {
  const [rows, setRows] = useState<KeyedRow<T>[]>(() => initial.map((r, i) => ({ ...r, key: i })));
  const [nextKey, setNextKey] = useState(initial.length);
  return {
    rows,
    add: (row: T) => {
      setRows([...rows, { ...row, key: nextKey }]);
      setNextKey(nextKey + 1);
    },
    remove: (key: number) => setRows(rows.filter((r) => r.key !== key)),
    /** All rows anew (what the API saved), under fresh keys so no field keeps stale text. */
    replace: (next: readonly T[]) => {
      setRows(next.map((r, i) => ({ ...r, key: nextKey + i })));
      setNextKey(nextKey + next.length);
    },
  };
}

export interface ListEditorProps<T extends object> {
  /** Names the form through its heading. */
  readonly headingId: string;
  readonly heading: string;
  readonly rows: ReturnType<typeof useKeyedRows<T>>;
  /** The fields of one row; `index` numbers it for labels and the API's error paths (`list/<index>/...`). */
  readonly renderRow: (row: KeyedRow<T>, index: number) => ReactNode;
  /** The accessible name of a row's Remove button. */
  readonly removeLabel: (index: number) => string;
  readonly addLabel: string;
  /** The row Add appends. */
  readonly blank: () => T;
  readonly saveLabel: string;
  readonly savedMessage: string;
  readonly save: {
    readonly isPending: boolean;
    readonly isError: boolean;
    readonly isSuccess: boolean;
    readonly error: unknown;
  };
  readonly onSubmit: (data: FormData) => void;
}

export function ListEditor<T extends object>(props: ListEditorProps<T>) {
  const { rows, save } = props;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    props.onSubmit(new FormData(event.currentTarget));
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby={props.headingId}>
      <h2 id={props.headingId}>{props.heading}</h2>
      <ol className="stack">
        {rows.rows.map((r, i) => (
          <li key={r.key} className="card">
            {props.renderRow(r, i)}
            <Button
              className="react-aria-Button secondary"
              onPress={() => rows.remove(r.key)}
              aria-label={props.removeLabel(i)}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="actions">
        <Button className="react-aria-Button secondary" onPress={() => rows.add(props.blank())}>
          {props.addLabel}
        </Button>
        <Button type="submit" isDisabled={save.isPending}>
          {props.saveLabel}
        </Button>
      </div>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">{props.savedMessage}</p>}
    </Form>
  );
}
