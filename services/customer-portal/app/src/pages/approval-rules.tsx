/**
 * The approval rules editor (company admins; members may read): ordered levels, each an order
 * total from which one approval by a member of that role is needed. The service stores them
 * lowest first; changing them does not re-decide orders already waiting.
 */
import { Button, ErrorMessage, Field, Money, QueryView, useApi, useSession } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import type { ApprovalRule, ApproverRole } from '../buying-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { SelectField } from '../components/fields.tsx';

const roleOptions = [
  { value: 'approver', label: 'An approver' },
  { value: 'company_admin', label: 'A company admin' },
];

function Editor({ initial, currency }: { initial: readonly ApprovalRule[]; currency: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(() => initial.map((r, i) => ({ key: i, ...r })));
  const [nextKey, setNextKey] = useState(initial.length);
  const save = useMutation({
    mutationFn: (rules: ApprovalRule[]) =>
      api.request<{ rules: ApprovalRule[] }>('PUT', '/approval-rules', { rules }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['approval-rules'], saved);
      setRows(saved.rules.map((r, i) => ({ key: nextKey + i, ...r })));
      setNextKey(nextKey + saved.rules.length);
    },
  });
  const error = apiErrorOf(save.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate(
      rows.map((r) => ({
        // The amount as typed (a decimal string): the API refuses a malformed one by row.
        minTotal: { amount: String(data.get(`min-${r.key}`) ?? '').trim(), currency },
        approverRole: String(data.get(`role-${r.key}`)) as ApproverRole,
      })),
    );
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby="edit-rules">
      <h2 id="edit-rules">Edit the levels</h2>
      <ol className="stack">
        {rows.map((r, i) => (
          <li key={r.key} className="card">
            <Field
              name={`min-${r.key}`}
              label={`Level ${i + 1}: orders from (${currency})`}
              inputMode="decimal"
              isRequired
              defaultValue={r.minTotal.amount}
              error={
                error?.fieldMessage(`rules/${i}/minTotal/amount`) ??
                error?.fieldMessage(`rules/${i}/minTotal`)
              }
            />
            <SelectField
              id={`rule-role-${r.key}`}
              name={`role-${r.key}`}
              label={`Level ${i + 1}: approved by`}
              defaultValue={r.approverRole}
              options={roleOptions}
              error={error?.fieldMessage(`rules/${i}/approverRole`)}
            />
            <Button
              className="react-aria-Button secondary"
              onPress={() => setRows(rows.filter((x) => x.key !== r.key))}
              aria-label={`Remove level ${i + 1}`}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="actions">
        <Button
          className="react-aria-Button secondary"
          onPress={() => {
            setRows([
              ...rows,
              { key: nextKey, minTotal: { amount: '', currency }, approverRole: 'approver' },
            ]);
            setNextKey(nextKey + 1);
          }}
        >
          Add level
        </Button>
        <Button type="submit" isDisabled={save.isPending}>
          Save rules
        </Button>
      </div>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">Rules saved. Orders already waiting keep their levels.</p>}
    </Form>
  );
}

export function ApprovalRulesPage() {
  const api = useApi();
  const { state } = useSession();
  const isAdmin = state.status === 'signed-in' && state.user.companyRole === 'company_admin';
  const rules = useQuery({
    queryKey: ['approval-rules'],
    queryFn: () => api.get<{ rules: ApprovalRule[] }>('/approval-rules'),
  });
  // The company's currency: rules are refused in any other (400 CURRENCY_MISMATCH).
  const company = useQuery({
    queryKey: ['company'],
    queryFn: () => api.get<{ creditLimit: { currency: string } }>('/companies/me'),
    enabled: isAdmin,
  });
  return (
    <section>
      <h1>Approval rules</h1>
      <QueryView query={rules}>
        {(r) => (
          <>
            {r.rules.length === 0 ? (
              <p className="notice">No rules: only spending limits and budgets send orders to approval.</p>
            ) : (
              <ol>
                {r.rules.map((rule) => (
                  <li key={`${rule.minTotal.amount}-${rule.approverRole}`}>
                    From <Money value={rule.minTotal} />:{' '}
                    {rule.approverRole === 'approver' ? 'an approver' : 'a company admin'} approves
                  </li>
                ))}
              </ol>
            )}
            {isAdmin && company.data && (
              <Editor initial={r.rules} currency={company.data.creditLimit.currency} />
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
