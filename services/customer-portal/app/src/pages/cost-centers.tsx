/**
 * The company's cost centers: every member reads them (checkout offers them), the company admin
 * edits the whole list (PUT: codes unique regardless of case; the API's errors show by row).
 */
import { Field, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CostCenter } from '../buying-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { useCostCenters } from '../components/cost-center-field.tsx';
import { ListEditor, useKeyedRows } from '../components/list-editor.tsx';
import { useIsCompanyAdmin } from '../components/profile.ts';

function Editor({ initial }: { initial: readonly CostCenter[] }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const rows = useKeyedRows(initial);
  const save = useMutation({
    mutationFn: (costCenters: CostCenter[]) =>
      api.request<{ costCenters: CostCenter[] }>('PUT', '/cost-centers', { costCenters }),
    onSuccess: (saved) => queryClient.setQueryData(['cost-centers'], saved),
  });
  const error = apiErrorOf(save.error);
  return (
    <ListEditor
      headingId="edit-cost-centers"
      heading="Edit the list"
      rows={rows}
      renderRow={(r, i) => (
        <>
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
        </>
      )}
      removeLabel={(i) => `Remove cost center ${i + 1}`}
      addLabel="Add cost center"
      blank={() => ({ code: '', name: '' })}
      saveLabel="Save cost centers"
      savedMessage="Cost centers saved."
      save={save}
      onSubmit={(data) =>
        save.mutate(
          rows.rows
            .map((r) => ({
              code: String(data.get(`code-${r.key}`) ?? '').trim(),
              name: String(data.get(`name-${r.key}`) ?? '').trim(),
            }))
            .filter((c) => c.code !== '' || c.name !== ''),
        )
      }
    />
  );
}

export function CostCentersPage() {
  const isAdmin = useIsCompanyAdmin();
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
