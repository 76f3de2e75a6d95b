import {
  ApiError,
  Button,
  DataTable,
  ErrorMessage,
  Field,
  formatDateTime,
  type Page,
  QueryView,
  SelectField,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { formatTiers, messageUnder, money, parseTiers, rows, text } from '../forms.ts';
import { RowsEditor } from '../rows-editor.tsx';
import type { Company, PriceList, PriceListSummary } from '../types.ts';

function NewPriceList() {
  const api = useApi();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (body: unknown) => api.request<PriceList>('POST', '/admin/price-lists', body),
    onSuccess: (list) => void navigate(`/price-lists/${list.id}`),
  });
  const error = create.error instanceof ApiError ? create.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    create.mutate({ name: text(data, 'name'), currency: text(data, 'currency').toUpperCase(), entries: [] });
  };
  return (
    <form onSubmit={onSubmit} aria-labelledby="new-price-list">
      <h2 id="new-price-list">New price list</h2>
      <div className="form-row">
        <Field name="name" label="Name" isRequired error={error?.fieldMessage('name')} />
        <Field
          name="currency"
          label="Currency"
          isRequired
          defaultValue="EUR"
          error={error?.fieldMessage('currency')}
        />
      </div>
      {create.isError && <ErrorMessage error={create.error} />}
      <Button type="submit" isDisabled={create.isPending}>
        Create price list
      </Button>
    </form>
  );
}

export function PriceListsPage() {
  return (
    <section>
      <h1>Price lists</h1>
      <DataTable<PriceListSummary>
        label="Price lists"
        path="/admin/price-lists"
        rowKey={(l) => l.id}
        empty="No price lists yet."
        columns={[
          {
            key: 'name',
            header: 'Name',
            rowHeader: true,
            cell: (l) => <Link to={`/price-lists/${l.id}`}>{l.name}</Link>,
          },
          { key: 'currency', header: 'Currency', cell: (l) => l.currency },
          { key: 'updatedAt', header: 'Changed', cell: (l) => formatDateTime(l.updatedAt) },
        ]}
      />
      <NewPriceList />
    </section>
  );
}

function AssignToCompany({ list }: { list: PriceList }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const companies = useQuery({
    queryKey: ['companies-for-price-list'],
    queryFn: () => api.get<Page<Company>>('/admin/companies?limit=100'),
  });
  const assign = useMutation({
    mutationFn: (companyId: string) =>
      api.request<Company>('PATCH', `/admin/companies/${companyId}`, { priceListId: list.id }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['companies-for-price-list'] });
      void queryClient.invalidateQueries({ queryKey: ['list'] });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const companyId = text(new FormData(event.currentTarget), 'companyId');
    if (companyId) assign.mutate(companyId);
  };
  return (
    <section aria-labelledby="assign-heading">
      <h2 id="assign-heading">Companies buying at this list</h2>
      <QueryView query={companies}>
        {(page) => {
          const buying = page.items.filter((c) => c.priceListId === list.id);
          return (
            <>
              {buying.length === 0 ? (
                <p className="muted">No company yet.</p>
              ) : (
                <ul>
                  {buying.map((c) => (
                    <li key={c.id}>
                      <Link to={`/companies/${c.id}`}>{c.name}</Link>
                    </li>
                  ))}
                </ul>
              )}
              <form onSubmit={onSubmit} aria-label="Assign to a company" className="form-row">
                <SelectField
                  name="companyId"
                  label="Company"
                  emptyOption="Choose a company"
                  options={page.items
                    .filter((c) => c.priceListId !== list.id)
                    .map((c) => ({ value: c.id, label: c.name }))}
                />
                <Button type="submit" isDisabled={assign.isPending}>
                  Assign
                </Button>
              </form>
              {assign.isError && <ErrorMessage error={assign.error} />}
              {assign.isSuccess && <p role="status">Assigned to {assign.data.name}.</p>}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function PriceListForm({ list }: { list: PriceList }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: (body: unknown) => api.request<PriceList>('PATCH', `/admin/price-lists/${list.id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['price-list', list.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['list'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.request('DELETE', `/admin/price-lists/${list.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['list'] });
      void navigate('/price-lists');
    },
  });
  const error = save.error instanceof ApiError ? save.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const currency = text(data, 'currency').toUpperCase();
    save.mutate({
      name: text(data, 'name'),
      currency,
      entries: rows(data, 'entries', ['sku', 'amount', 'tiers'] as const).map((row) => {
        const tiers = parseTiers(row.tiers, currency);
        return { sku: row.sku, price: money(row.amount, currency), ...(tiers.length > 0 ? { tiers } : {}) };
      }),
    });
  };
  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${list.name}`}>
      <div className="form-row">
        <Field
          name="name"
          label="Name"
          isRequired
          defaultValue={list.name}
          error={error?.fieldMessage('name')}
        />
        <Field
          name="currency"
          label="Currency"
          isRequired
          defaultValue={list.currency}
          error={error?.fieldMessage('currency')}
        />
      </div>
      <RowsEditor
        legend="Entries"
        prefix="entries"
        addLabel="Add entry"
        fields={[
          { key: 'sku', label: 'SKU' },
          { key: 'amount', label: 'Price', inputMode: 'decimal' },
          { key: 'tiers', label: 'Tiers (quantity:price; …)' },
        ]}
        initial={list.entries.map((e) => ({
          sku: e.sku,
          amount: e.price.amount,
          tiers: formatTiers(e.tiers),
        }))}
        errorOf={(i, field) =>
          field === 'sku'
            ? messageUnder(error, `entries/${i}/sku`)
            : field === 'amount'
              ? messageUnder(error, `entries/${i}/price`)
              : messageUnder(error, `entries/${i}/tiers`)
        }
      />
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">Saved.</p>}
      <div className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          Save price list
        </Button>
        <Button
          className="react-aria-Button danger"
          isDisabled={remove.isPending}
          onPress={() => remove.mutate()}
        >
          Delete
        </Button>
      </div>
      {/* A list some company still buys at is refused (409): the API says so. */}
      {remove.isError && <ErrorMessage error={remove.error} />}
    </form>
  );
}

export function PriceListPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const list = useQuery({
    queryKey: ['price-list', id],
    queryFn: () => api.get<PriceList>(`/admin/price-lists/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/price-lists">← Price lists</Link>
      </p>
      <QueryView query={list}>
        {(l) => (
          <>
            <h1>{l.name}</h1>
            <PriceListForm key={l.id} list={l} />
            <AssignToCompany list={l} />
          </>
        )}
      </QueryView>
    </section>
  );
}
