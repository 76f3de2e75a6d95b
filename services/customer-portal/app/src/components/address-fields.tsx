/**
 * A postal address's fields, as the profile (add, edit) and checkout's "a different address" ask
 * for it; and the address back out of the submitted form. The field names are the API's, so one
 * `errorOf(field)` places each of its messages (the caller knows the path prefix).
 */
import { Field } from '@b2b/web-kit/ui';
import type { PostalAddress } from '../api-types.ts';

/** The fields in the order a person writes an address; the names are the API's. */
const addressInputs = [
  { name: 'line1', label: 'Street and number', isRequired: true, autoComplete: 'address-line1' },
  { name: 'line2', label: 'Address line 2 (optional)', isRequired: false, autoComplete: 'address-line2' },
  { name: 'postalCode', label: 'Postal code', isRequired: true, autoComplete: 'postal-code' },
  { name: 'city', label: 'City', isRequired: true, autoComplete: 'address-level2' },
  { name: 'country', label: 'Country (2-letter code, e.g. DE)', isRequired: true, autoComplete: 'country' },
] as const;

export function AddressFields({
  errorOf,
  initial,
  withLabel = false,
}: {
  errorOf: (field: string) => string | undefined;
  initial?: PostalAddress;
  /** The address's own name (Warehouse, Office): saved addresses have one, a one-off does not. */
  withLabel?: boolean;
}) {
  return (
    <>
      {withLabel && (
        <Field
          name="label"
          label="Label (e.g. Warehouse)"
          isRequired
          defaultValue={initial?.label}
          error={errorOf('label')}
        />
      )}
      {addressInputs.map((input) => (
        <Field
          key={input.name}
          {...input}
          defaultValue={initial?.[input.name] ?? undefined}
          error={errorOf(input.name)}
        />
      ))}
    </>
  );
}

/** The address AddressFields collected (trimmed; the country upper-cased as the API stores it). */
export function addressFromForm(data: FormData): PostalAddress {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  return {
    ...(text('label') ? { label: text('label') } : {}),
    line1: text('line1'),
    ...(text('line2') ? { line2: text('line2') } : {}),
    city: text('city'),
    postalCode: text('postalCode'),
    country: text('country').toUpperCase(),
  };
}

/** One line for people: "Industriestraße 9, 70173 Stuttgart, DE". */
export function formatAddress(a: PostalAddress): string {
  return [a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', ');
}
