/**
 * Monthly budgets: what is left of mine this month (every member), and, for company admins, each
 * member's budget (set in the user service; the order service learns it from member.updated).
 * An order that would take the month past the budget waits for approval.
 */
import { Button, ErrorMessage, Field, Money, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import type { Budget, BudgetedMember } from '../buying-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { useIsCompanyAdmin } from '../components/profile.ts';

function MyBudget() {
  const api = useApi();
  const budget = useQuery({
    queryKey: ['budget'],
    queryFn: () => api.get<Budget>('/budgets/me'),
    // What is left changes with every order (and others' approvals): read afresh on every visit,
    // never the app's 30 s cache (it showed the month before the order just placed).
    staleTime: 0,
  });
  return (
    <QueryView query={budget}>
      {(b) => (
        <dl className="totals" aria-label={`My budget for ${b.month}`}>
          <dt>Monthly budget ({b.month}, UTC)</dt>
          <dd>
            {b.monthlyBudget ? (
              <Money value={b.monthlyBudget} />
            ) : (
              'No budget: orders are not limited by month'
            )}
          </dd>
          <dt>Spent this month</dt>
          <dd>
            <Money value={b.spent} />
          </dd>
          {b.remaining && (
            <>
              <dt>Left</dt>
              <dd>
                <strong>
                  <Money value={b.remaining} />
                </strong>
              </dd>
            </>
          )}
        </dl>
      )}
    </QueryView>
  );
}

function MemberBudget({ member, currency }: { member: BudgetedMember; currency: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (amount: string) =>
      api.request('PATCH', `/companies/me/members/${member.id}`, {
        monthlyBudget: amount === '' ? null : { amount, currency },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['company'] }),
  });
  const error = apiErrorOf(save.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(String(new FormData(event.currentTarget).get('monthlyBudget') ?? '').trim());
  };
  return (
    <li className="card">
      <Form onSubmit={onSubmit}>
        <Field
          name="monthlyBudget"
          label={`Monthly budget of ${member.name} in ${currency} (empty: none)`}
          inputMode="decimal"
          defaultValue={member.monthlyBudget?.amount ?? ''}
          error={error?.fieldMessage('monthlyBudget/amount') ?? error?.fieldMessage('monthlyBudget')}
        />
        {save.isError && <ErrorMessage error={save.error} />}
        {save.isSuccess && <p role="status">Saved.</p>}
        <Button type="submit" isDisabled={save.isPending} aria-label={`Save the budget of ${member.name}`}>
          Save
        </Button>
      </Form>
    </li>
  );
}

function MemberBudgets() {
  const api = useApi();
  const company = useQuery({
    queryKey: ['company'],
    queryFn: () =>
      api.get<{ creditLimit: { currency: string }; members: readonly BudgetedMember[] }>('/companies/me'),
  });
  return (
    <section aria-labelledby="member-budgets">
      <h2 id="member-budgets">Members' monthly budgets</h2>
      <QueryView query={company}>
        {(c) => (
          <ul className="stack">
            {c.members.map((m) => (
              <MemberBudget key={m.id} member={m} currency={c.creditLimit.currency} />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

export function BudgetsPage() {
  const isAdmin = useIsCompanyAdmin();
  return (
    <section>
      <h1>Budget</h1>
      <MyBudget />
      {isAdmin && <MemberBudgets />}
    </section>
  );
}
