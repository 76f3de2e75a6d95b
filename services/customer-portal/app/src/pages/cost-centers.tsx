/**
 * The company's cost centers: every member reads them (checkout offers them), the company admin
 * edits the whole list (PUT: codes unique regardless of case; the API's errors show by row).
 */
import { Button, ErrorMessage, Field, QueryView, useApi, useSession } from '@b2b/web-kit/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import type { CostCenter } from '../buying-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { useCostCenters } from '../components/cost-center-field.tsx';

function Editor({ initial }: { initial: readonly CostCenter[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  // Row keys that survive removals, so a removed row's neighbours keep their typed text.
  const [rows, setRows] = useState(() => initial.map((c, i) => ({ key: i, ...c })));
  const [nextKey, setNextKey] = useState(initial.length);
  const save = useMutation({
    mutationFn: (costCenters: CostCenter[]) =>
      api.request<{ costCenters: CostCenter[] }>('PUT', '/cost-centers', { costCenters }),
    onSuccess: (saved) => queryClient.setQueryData(['cost-centers'], saved),
  });
  const error = apiErrorOf(save.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate(
      rows
        .map((r) => ({
          code: String(data.get(`code-${r.key}`) ?? '').trim(),
          name: String(data.get(`name-${r.key}`) ?? '').trim(),
        }))
        .filter((c) => c.code !== '' || c.name !== ''),
    );
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby="edit-cost-centers">
      <h2 id="edit-cost-centers">Edit the list</h2>
      <ol className="stack">
        {rows.map((r, i) => (
          <li key={r.key} className="card">
            <Field
              name={`code-${r.key}`}
              label={`Code ${i + 1}`}
              defaultValue={r.code}
              error={error?.fieldMessage(`costCenters/${i}/code`)}
            />
            <Field
              name={`name-${r.key}`}
              label={`Name ${i + 1}`}
              defaultValue={r.name}
              error={error?.fieldMessage(`costCenters/${i}/name`)}
            />
            <Button
              className="react-aria-Button secondary"
              onPress={() => setRows(rows.filter((x) => x.key !== r.key))}
              aria-label={`Remove cost center ${i + 1}`}
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
            setRows([...rows, { key: nextKey, code: '', name: '' }]);
            setNextKey(nextKey + 1);
          }}
        >
          Add cost center
        </Button>
        <Button type="submit" isDisabled={save.isPending}>
          Save cost centers
        </Button>
      </div>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">Cost centers saved.</p>}
    </Form>
  );
}

export function CostCentersPage() {
  const { state } = useSession();
  const isAdmin = state.status === 'signed-in' && state.user.companyRole === 'company_admin';
  const list = useCostCenters();
  return (
    <section>
      <h1>Cost centers</h1>
      <QueryView query={list}>
        {(l) => (
          <>
            {l.costCenters.length === 0 ? (
              <p className="notice">No cost centers yet: checkout takes any text.</p>
            ) : (
              <ul>
                {l.costCenters.map((c) => (
                  <li key={c.code}>
                    <strong>{c.code}</strong> {c.name}
                  </li>
                ))}
              </ul>
            )}
            {isAdmin && <Editor initial={l.costCenters} />}
          </>
        )}
      </QueryView>
    </section>
  );
}
