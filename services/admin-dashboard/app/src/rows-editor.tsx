import { Button } from '@b2b/web-kit/ui';
import { useId, useState } from 'react';

export interface RowField {
  readonly key: string;
  readonly label: string;
  readonly inputMode?: 'numeric' | 'decimal';
}

/**
 * Rows of inputs added and removed by the user (price tiers, attributes, price-list entries).
 * Inputs are named `<prefix>.<field>` so forms.ts `rows()` reads them back in order; each row's
 * API error (`errorOf(index, field)`) is shown under its input.
 */
export function RowsEditor(props: {
  legend: string;
  prefix: string;
  fields: readonly RowField[];
  initial: readonly Record<string, string>[];
  addLabel: string;
  errorOf?: (index: number, field: string) => string | undefined;
}) {
  const base = useId();
  const [rows, setRows] = useState(() => props.initial.map((values, i) => ({ id: `${base}-${i}`, values })));
  const [next, setNext] = useState(props.initial.length);
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {rows.length === 0 && <p className="muted">None.</p>}
      {rows.map((row, index) => (
        <div className="form-row" key={row.id}>
          {props.fields.map((field) => {
            const id = `${row.id}-${field.key}`;
            const error = props.errorOf?.(index, field.key);
            return (
              <div className="field" key={field.key}>
                <label htmlFor={id}>
                  {field.label} {index + 1}
                </label>
                <input
                  id={id}
                  name={`${props.prefix}.${field.key}`}
                  inputMode={field.inputMode}
                  defaultValue={row.values[field.key] ?? ''}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                {error && (
                  <span id={`${id}-error`} className="react-aria-FieldError">
                    {error}
                  </span>
                )}
              </div>
            );
          })}
          <Button
            className="react-aria-Button secondary"
            aria-label={`Remove ${props.legend.toLowerCase()} row ${index + 1}`}
            onPress={() => setRows(rows.filter((r) => r.id !== row.id))}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button
        className="react-aria-Button secondary"
        onPress={() => {
          setRows([...rows, { id: `${base}-${next}`, values: {} }]);
          setNext(next + 1);
        }}
      >
        {props.addLabel}
      </Button>
    </fieldset>
  );
}
