/** Profile (name, phone) and the saved addresses checkout offers (add, make default, delete). */
import { Button, ErrorMessage, Field, Money, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { roleLabel, type SavedAddress, type UserProfile } from '../api-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { useProfile } from '../components/profile.ts';

function ProfileForm({ profile }: { profile: UserProfile }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: { name: string; phone: string | null }) =>
      api.request<UserProfile>('PATCH', '/users/me', body),
    onSuccess: (updated) => queryClient.setQueryData(['profile'], updated),
  });
  const error = apiErrorOf(save.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const phone = String(data.get('phone') ?? '').trim();
    save.mutate({ name: String(data.get('name') ?? '').trim(), phone: phone === '' ? null : phone });
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby="profile-heading">
      <h2 id="profile-heading">Your details</h2>
      <p>
        {profile.email}
        {profile.companyRole ? ` · ${roleLabel[profile.companyRole]}` : ''}
        {profile.spendingLimit && (
          <>
            {' · '}spending limit <Money value={profile.spendingLimit} /> per order
          </>
        )}
      </p>
      <Field
        name="name"
        label="Name"
        isRequired
        defaultValue={profile.name}
        error={error?.fieldMessage('name')}
      />
      <Field
        name="phone"
        label="Phone (optional, international format)"
        defaultValue={profile.phone ?? ''}
        error={error?.fieldMessage('phone')}
      />
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">Saved.</p>}
      <Button type="submit" isDisabled={save.isPending}>
        Save details
      </Button>
    </Form>
  );
}

function AddressList() {
  const api = useApi();
  const queryClient = useQueryClient();
  const addresses = useQuery({
    queryKey: ['addresses'],
    queryFn: () => api.get<SavedAddress[]>('/users/me/addresses'),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['addresses'] });
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<SavedAddress>('POST', '/users/me/addresses', body),
    onSuccess: refresh,
  });
  const makeDefault = useMutation({
    mutationFn: (id: string) => api.request('PATCH', `/users/me/addresses/${id}`, { isDefault: true }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.request('DELETE', `/users/me/addresses/${id}`),
    onSuccess: refresh,
  });
  const error = apiErrorOf(create.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    create.mutate(
      {
        label: text('label'),
        line1: text('line1'),
        ...(text('line2') ? { line2: text('line2') } : {}),
        city: text('city'),
        postalCode: text('postalCode'),
        country: text('country').toUpperCase(),
        isDefault: data.get('isDefault') === 'on',
      },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <section aria-labelledby="addresses-heading">
      <h2 id="addresses-heading">Addresses</h2>
      <QueryView query={addresses} isEmpty={(list) => list.length === 0} empty="No saved addresses yet.">
        {(list) => (
          <ul className="stack">
            {list.map((a) => (
              <li key={a.id} className="card">
                <strong>{a.label}</strong>
                {a.isDefault && <span className="muted"> (default)</span>}
                <br />
                {[a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', ')}
                <div className="actions">
                  {!a.isDefault && (
                    <Button
                      onPress={() => makeDefault.mutate(a.id)}
                      aria-label={`Make ${a.label} the default`}
                    >
                      Make default
                    </Button>
                  )}
                  <Button
                    className="react-aria-Button secondary"
                    onPress={() => remove.mutate(a.id)}
                    aria-label={`Delete ${a.label}`}
                  >
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {(makeDefault.isError || remove.isError) && <ErrorMessage error={makeDefault.error ?? remove.error} />}
      <Form onSubmit={onSubmit} aria-labelledby="new-address-heading">
        <h3 id="new-address-heading">Add an address</h3>
        <Field name="label" label="Label (e.g. Warehouse)" isRequired error={error?.fieldMessage('label')} />
        <Field name="line1" label="Street and number" isRequired error={error?.fieldMessage('line1')} />
        <Field name="line2" label="Address line 2 (optional)" error={error?.fieldMessage('line2')} />
        <Field name="postalCode" label="Postal code" isRequired error={error?.fieldMessage('postalCode')} />
        <Field name="city" label="City" isRequired error={error?.fieldMessage('city')} />
        <Field
          name="country"
          label="Country (2-letter code, e.g. DE)"
          isRequired
          error={error?.fieldMessage('country')}
        />
        <Checkbox name="isDefault" className="react-aria-Checkbox field">
          Use as my default address
        </Checkbox>
        {create.isError && <ErrorMessage error={create.error} />}
        {create.isSuccess && <p role="status">Address saved.</p>}
        <Button type="submit" isDisabled={create.isPending}>
          Save address
        </Button>
      </Form>
    </section>
  );
}

export function ProfilePage() {
  const profile = useProfile();
  return (
    <section>
      <h1>Profile</h1>
      <QueryView query={profile}>{(p) => <ProfileForm profile={p} />}</QueryView>
      <AddressList />
    </section>
  );
}
