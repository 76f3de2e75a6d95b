/**
 * Accessible building blocks on React Aria Components: labelled fields whose error text comes
 * from the API's `errors[]`, buttons that work by keyboard and touch, and one view for the
 * loading / error-with-retry / empty states of every query.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import {
  Button,
  FieldError,
  Form,
  Group,
  Input,
  Label,
  Link,
  NumberField,
  TextArea,
  TextField,
} from 'react-aria-components';
import { NavLink } from 'react-router';
import { ApiError } from './api-client.ts';
import { formatMoney, type MoneyValue } from './format.ts';
import { useSession } from './session.tsx';

export function Field(props: {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'search' | 'url';
  /** `numeric` / `decimal` bring up the right touch keyboard; the value stays a string. */
  inputMode?: 'numeric' | 'decimal';
  isRequired?: boolean;
  autoComplete?: string;
  error?: string;
  defaultValue?: string;
  /** Multi-line text. */
  multiline?: boolean;
}) {
  return (
    <TextField
      className="field"
      name={props.name}
      type={props.type ?? 'text'}
      inputMode={props.inputMode}
      isRequired={props.isRequired}
      autoComplete={props.autoComplete}
      defaultValue={props.defaultValue}
      isInvalid={props.error !== undefined}
      validationBehavior="aria"
    >
      <Label>{props.label}</Label>
      {props.multiline ? <TextArea rows={4} /> : <Input />}
      <FieldError>{props.error}</FieldError>
    </TextField>
  );
}

/** A labelled native <select> (the platform's own picker is the most usable one on phones). */
export function SelectField(props: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  error?: string;
  /** Adds a first option with this label and the empty value (e.g. "None"). */
  emptyOption?: string;
}) {
  const id = `select-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        defaultValue={props.defaultValue}
        aria-invalid={props.error !== undefined || undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        {props.emptyOption !== undefined && <option value="">{props.emptyOption}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <span id={`${id}-error`} className="react-aria-FieldError">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A quantity stepper: only multiples of `step`, from `min` (MOQ). */
export function QuantityStepper(props: {
  label: string;
  value: number;
  min: number;
  step: number;
  onChange: (value: number) => void;
}) {
  return (
    <NumberField
      className="stepper"
      value={props.value}
      minValue={props.min}
      step={props.step}
      onChange={(v) => props.onChange(Number.isNaN(v) ? props.min : v)}
    >
      <Label>{props.label}</Label>
      <Group>
        <Button slot="decrement">−</Button>
        <Input />
        <Button slot="increment">+</Button>
      </Group>
    </NumberField>
  );
}

/**
 * A wide table's horizontal scroller (phones): focusable and named, so keyboard users can scroll
 * it too (axe: scrollable-region-focusable).
 */
export function ScrollRegion(props: { label: string; busy?: boolean; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard.
    <section className="table-scroll" aria-label={props.label} aria-busy={props.busy} tabIndex={0}>
      {props.children}
    </section>
  );
}

export function Money({ value }: { value: MoneyValue }) {
  return <span className="money">{formatMoney(value)}</span>;
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message =
    error instanceof ApiError
      ? error.status === 0 || error.status >= 500
        ? 'The platform is not answering right now.'
        : error.message
      : 'Something went wrong.';
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {onRetry && <Button onPress={onRetry}>Try again</Button>}
    </div>
  );
}

/** Loading, error (with retry: an outage is never a blank page), empty, or the data. */
export function QueryView<T>(props: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) {
    return (
      <p className="notice" role="status">
        Loading…
      </p>
    );
  }
  if (query.isError) return <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />;
  if (props.isEmpty?.(query.data)) return <p className="notice">{props.empty ?? 'Nothing here yet.'}</p>;
  return <>{props.children(query.data)}</>;
}

export function SignInForm({ title }: { title: string }) {
  const { signIn } = useSession();
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await signIn(String(data.get('email')), String(data.get('password')));
    } catch (err) {
      setError(err instanceof Error ? err : new Error('Sign-in failed'));
    } finally {
      setBusy(false);
    }
  };
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <main id="main" className="sign-in">
      <h1>{title}</h1>
      <Form onSubmit={onSubmit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <Field
          name="email"
          label="Email"
          type="email"
          isRequired
          autoComplete="username"
          error={apiError?.fieldMessage('email')}
        />
        <Field
          name="password"
          label="Password"
          type="password"
          isRequired
          autoComplete="current-password"
          error={apiError?.fieldMessage('password')}
        />
        {error && (
          <p id="sign-in-error" className="notice notice-error" role="alert">
            {error.message}
          </p>
        )}
        <Button type="submit" isDisabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </Form>
    </main>
  );
}

export interface NavItem {
  readonly to: string;
  readonly label: string;
}

/** Skip link, header with navigation and sign-out, then the page. */
export function Shell(props: { appName: string; nav: readonly NavItem[]; children: ReactNode }) {
  const { state, signOut, config } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-name">
          {props.appName}
          {config.environment !== 'production' && <small className="env-badge">{config.environment}</small>}
        </span>
        <nav aria-label="Main">
          <ul>
            {props.nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {state.status === 'signed-in' && (
          <span className="account">
            <span>{state.user.name}</span>
            <Button onPress={() => void signOut()}>Sign out</Button>
          </span>
        )}
      </header>
      <main id="main">{props.children}</main>
    </>
  );
}

export { Button, Link };
