/**
 * The approval rules editor (company admins; members may read): ordered levels, each an order
 * total from which one approval by a member of that role is needed. The service stores them
 * lowest first; changing them does not re-decide orders already waiting.
 */
import { Field, Money, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalRule, ApproverRole } from '../buying-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { SelectField } from '../components/fields.tsx';
import { ListEditor, useKeyedRows } from '../components/list-editor.tsx';
import { useIsCompanyAdmin } from '../components/profile.ts';

const roleOptions = [
  { value: 'approver', label: 'An approver' },
  { value: 'company_admin', label: 'A company admin' },
];

function Editor({ initial, currency }: { initial: readonly ApprovalRule[]; currency: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const rows = useKeyedRows(initial);
  const save = useMutation({
    mutationFn: (rules: ApprovalRule[]) =>
      api.request<{ rules: ApprovalRule[] }>('PUT', '/approval-rules', { rules }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['approval-rules'], saved);
      rows.replace(saved.rules);
    },
  });
  const error = apiErrorOf(save.error);
  return (
    <ListEditor
      headingId="edit-rules"
      heading="Edit the levels"
      rows={rows}
      renderRow={(r, i) => (
        <>
          <Field
            name={`min-${r.key}`}
            label={`Level ${i + 1}: orders from (${currency})`}
            inputMode="decimal"
            isRequired
            defaultValue={r.minTotal.amount}
            error={
              error?.fieldMessage(`rules/${i}/minTotal/amount`) ?? error?.fieldMessage(`rules/${i}/minTotal`)
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
        </>
      )}
      removeLabel={(i) => `Remove level ${i + 1}`}
      addLabel="Add level"
      blank={(): ApprovalRule => ({ minTotal: { amount: '', currency }, approverRole: 'approver' })}
      saveLabel="Save rules"
      savedMessage="Rules saved. Orders already waiting keep their levels."
      save={save}
      onSubmit={(data) =>
        save.mutate(
          rows.rows.map((r) => ({
            // The amount as typed (a decimal string): the API refuses a malformed one by row.
            minTotal: { amount: String(data.get(`min-${r.key}`) ?? '').trim(), currency },
            approverRole: String(data.get(`role-${r.key}`)) as ApproverRole,
          })),
        )
      }
    />
  );
}

export function ApprovalRulesPage() {
  const api = useApi();
  const isAdmin = useIsCompanyAdmin();
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
