/** Profile (name, phone) and the saved addresses checkout offers (add, edit, make default, delete). */
import { Button, ErrorMessage, Field, Money, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { roleLabel, type SavedAddress, type UserProfile } from '../api-types.ts';
import { AddressFields, addressFromForm, formatAddress } from '../components/address-fields.tsx';
import { useAddresses } from '../components/addresses.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { SaveOrCancel } from '../components/form-actions.tsx';
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

/** One saved address: shown, or edited in place (PATCH with the changed fields' new values). */
function AddressCard({ address }: { address: SavedAddress }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['addresses'] });
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<SavedAddress>('PATCH', `/users/me/addresses/${address.id}`, body),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const makeDefault = useMutation({
    mutationFn: () => api.request('PATCH', `/users/me/addresses/${address.id}`, { isDefault: true }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api.request('DELETE', `/users/me/addresses/${address.id}`),
    onSuccess: refresh,
  });
  const error = apiErrorOf(update.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // line2 is cleared with null: an absent field would keep the old one.
    update.mutate({ line2: null, ...addressFromForm(new FormData(event.currentTarget)) });
  };
  return (
    <li className="card">
      <strong>{address.label}</strong>
      {address.isDefault && <span className="muted"> (default)</span>}
      <br />
      {formatAddress(address)}
      {editing ? (
        <Form onSubmit={onSubmit} aria-label={`Edit ${address.label}`}>
          <AddressFields withLabel initial={address} errorOf={(f) => error?.fieldMessage(f)} />
          {update.isError && !error?.fieldErrors.length && <ErrorMessage error={update.error} />}
          <SaveOrCancel
            saveLabel="Save changes"
            isPending={update.isPending}
            onCancel={() => setEditing(false)}
          />
        </Form>
      ) : (
        <div className="actions">
          <Button onPress={() => setEditing(true)} aria-label={`Edit ${address.label}`}>
            Edit
          </Button>
          {!address.isDefault && (
            <Button onPress={() => makeDefault.mutate()} aria-label={`Make default: ${address.label}`}>
              Make default
            </Button>
          )}
          <Button
            className="react-aria-Button secondary"
            onPress={() => remove.mutate()}
            isDisabled={remove.isPending}
            aria-label={`Delete ${address.label}`}
          >
            Delete
          </Button>
        </div>
      )}
      {(makeDefault.isError || remove.isError) && <ErrorMessage error={makeDefault.error ?? remove.error} />}
    </li>
  );
}

function AddressList() {
  const api = useApi();
  const queryClient = useQueryClient();
  const addresses = useAddresses();
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<SavedAddress>('POST', '/users/me/addresses', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['addresses'] }),
  });
  const error = apiErrorOf(create.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate(
      { ...addressFromForm(data), isDefault: data.get('isDefault') === 'on' },
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
              <AddressCard key={a.id} address={a} />
            ))}
          </ul>
        )}
      </QueryView>
      <Form onSubmit={onSubmit} aria-labelledby="new-address-heading">
        <h3 id="new-address-heading">Add an address</h3>
        <AddressFields withLabel errorOf={(f) => error?.fieldMessage(f)} />
        <Checkbox name="isDefault" className="react-aria-Checkbox field">
          Use as my default address
        </Checkbox>
        {create.isError && !error?.fieldErrors.length && <ErrorMessage error={create.error} />}
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
