/**
 * Form controls the web kit does not have yet (candidates for @b2b/web-kit/ui): a multi-line
 * text field and a labelled native select, both showing the API's message for their field.
 */
import type { ReactNode } from 'react';
import { FieldError, Label, TextArea, TextField } from 'react-aria-components';

export function TextAreaField(props: {
  name: string;
  label: string;
  description?: ReactNode;
  error?: string;
  value?: string;
  onChange?: (value: string) => void;
  rows?: number;
}) {
  return (
    <TextField
      className="field"
      name={props.name}
      value={props.value}
      onChange={props.onChange}
      isInvalid={props.error !== undefined}
      validationBehavior="aria"
    >
      <Label>{props.label}</Label>
      {props.description && <p className="muted field-description">{props.description}</p>}
      <TextArea rows={props.rows ?? 6} />
      <FieldError>{props.error}</FieldError>
    </TextField>
  );
}

export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
  error?: string;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.name}
        value={props.value}
        defaultValue={props.defaultValue}
        onChange={(e) => props.onChange?.(e.target.value)}
        aria-invalid={props.error !== undefined || undefined}
        aria-describedby={props.error ? errorId : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <span id={errorId} className="react-aria-FieldError">
          {props.error}
        </span>
      )}
    </div>
  );
}
