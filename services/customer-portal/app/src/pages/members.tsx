/**
 * Company members (company admins): invite (the invitee gets a set-password link), change a
 * member's role or spending limit, remove. A spending limit is a decimal string in the
 * company's currency, sent as typed (never through a float); empty means no limit.
 */
import { Button, ErrorMessage, Field, Money, QueryView, useApi, useSession } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { type Company, type CompanyRole, type Member, roleLabel } from '../api-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { SelectField } from '../components/fields.tsx';
import { SaveOrCancel } from '../components/form-actions.tsx';

const roleOptions = Object.entries(roleLabel).map(([value, label]) => ({ value, label }));

function limitOf(text: string, currency: string) {
  return text === '' ? null : { amount: text, currency };
}

function InviteForm({ currency }: { currency: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const invite = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.request<Member>('POST', '/companies/me/members', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['company'] }),
  });
  const error = apiErrorOf(invite.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    invite.mutate({
      email: text('email'),
      name: text('name'),
      companyRole: text('companyRole'),
      spendingLimit: limitOf(text('spendingLimit'), currency),
    });
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite a member</h2>
      <Field name="email" label="Email" type="email" isRequired error={error?.fieldMessage('email')} />
      <Field name="name" label="Name" isRequired error={error?.fieldMessage('name')} />
      <SelectField
        id="invite-role"
        name="companyRole"
        label="Role"
        defaultValue="buyer"
        options={roleOptions}
      />
      <Field
        name="spendingLimit"
        label={`Spending limit per order in ${currency} (empty: no limit)`}
        error={error?.fieldMessage('spendingLimit/amount') ?? error?.fieldMessage('spendingLimit')}
      />
      {invite.isError && <ErrorMessage error={invite.error} />}
      {invite.isSuccess && <p role="status">Invitation sent to {invite.data.email}.</p>}
      <Button type="submit" isDisabled={invite.isPending}>
        Send invitation
      </Button>
    </Form>
  );
}

function MemberRow({ member, currency, isSelf }: { member: Member; currency: string; isSelf: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['company'] });
  const update = useMutation({
    mutationFn: (body: { companyRole: CompanyRole; spendingLimit: ReturnType<typeof limitOf> }) =>
      api.request<Member>('PATCH', `/companies/me/members/${member.id}`, body),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.request('DELETE', `/companies/me/members/${member.id}`),
    onSuccess: refresh,
  });
  const error = apiErrorOf(update.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    update.mutate({
      companyRole: String(data.get('companyRole')) as CompanyRole,
      spendingLimit: limitOf(String(data.get('spendingLimit') ?? '').trim(), currency),
    });
  };
  return (
    <li className="card">
      <h3>
        {member.name} <span className="muted">{member.email}</span>
      </h3>
      <p>
        {roleLabel[member.companyRole]} · {member.status}
        {' · '}
        {member.spendingLimit ? (
          <>
            limit <Money value={member.spendingLimit} />
          </>
        ) : (
          'no spending limit'
        )}
      </p>
      {editing ? (
        <Form onSubmit={onSubmit}>
          <SelectField
            id={`role-${member.id}`}
            name="companyRole"
            label={`Role of ${member.name}`}
            defaultValue={member.companyRole}
            options={roleOptions}
            error={error?.fieldMessage('companyRole')}
          />
          <Field
            name="spendingLimit"
            label={`Spending limit of ${member.name} in ${currency} (empty: no limit)`}
            defaultValue={member.spendingLimit?.amount ?? ''}
            error={error?.fieldMessage('spendingLimit/amount') ?? error?.fieldMessage('spendingLimit')}
          />
          {update.isError && <ErrorMessage error={update.error} />}
          <SaveOrCancel isPending={update.isPending} onCancel={() => setEditing(false)} />
        </Form>
      ) : (
        <div className="actions">
          <Button onPress={() => setEditing(true)} aria-label={`Change ${member.name}`}>
            Change
          </Button>
          {!isSelf && (
            <Button
              className="react-aria-Button secondary"
              onPress={() => remove.mutate()}
              isDisabled={remove.isPending}
              aria-label={`Remove ${member.name}`}
            >
              Remove
            </Button>
          )}
        </div>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
    </li>
  );
}

export function MembersPage() {
  const api = useApi();
  const { state } = useSession();
  const selfId = state.status === 'signed-in' ? state.user.id : '';
  const company = useQuery({ queryKey: ['company'], queryFn: () => api.get<Company>('/companies/me') });
  return (
    <section>
      <h1>Company members</h1>
      <QueryView query={company}>
        {(c) => (
          <>
            <p>
              {c.name} · credit used <Money value={c.creditUsed} /> of <Money value={c.creditLimit} />
            </p>
            <ul className="stack">
              {c.members.map((m) => (
                <MemberRow key={m.id} member={m} currency={c.creditLimit.currency} isSelf={m.id === selfId} />
              ))}
            </ul>
            <InviteForm currency={c.creditLimit.currency} />
          </>
        )}
      </QueryView>
    </section>
  );
}
