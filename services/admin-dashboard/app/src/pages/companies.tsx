import {
  ApiError,
  Button,
  DataTable,
  ErrorMessage,
  Field,
  Money,
  type Page,
  QueryView,
  SelectField,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { money, text } from '../forms.ts';
import type { Company, PriceListSummary } from '../types.ts';

const statusOptions = [
  { value: 'active', label: 'Active' },
  { value: 'on_hold', label: 'On hold' },
];
const termOptions = [
  { value: 'prepaid', label: 'Prepaid' },
  { value: 'net30', label: 'Net 30' },
  { value: 'net60', label: 'Net 60' },
];

export function CompaniesPage() {
  return (
    <section>
      <h1>Companies</h1>
      <DataTable<Company>
        label="Companies"
        path="/admin/companies"
        rowKey={(c) => c.id}
        filters={[
          { name: 'q', label: 'Name', type: 'search' },
          { name: 'status', label: 'Status', type: 'select', options: statusOptions },
        ]}
        empty="No companies match."
        columns={[
          {
            key: 'name',
            header: 'Name',
            rowHeader: true,
            cell: (c) => <Link to={`/companies/${c.id}`}>{c.name}</Link>,
          },
          { key: 'status', header: 'Status', cell: (c) => (c.status === 'on_hold' ? 'On hold' : 'Active') },
          { key: 'paymentTerms', header: 'Terms', cell: (c) => c.paymentTerms },
          { key: 'creditLimit', header: 'Credit limit', cell: (c) => <Money value={c.creditLimit} /> },
          { key: 'creditUsed', header: 'Credit used', cell: (c) => <Money value={c.creditUsed} /> },
          { key: 'country', header: 'Country', cell: (c) => c.country ?? '—' },
        ]}
      />
    </section>
  );
}

function CompanyForm({ company }: { company: Company }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const priceLists = useQuery({
    queryKey: ['price-lists-all'],
    queryFn: () => api.get<Page<PriceListSummary>>('/admin/price-lists?limit=100'),
  });
  const save = useMutation({
    mutationFn: (body: unknown) => api.request<Company>('PATCH', `/admin/companies/${company.id}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['company', company.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['list'] });
    },
  });
  const error = save.error instanceof ApiError ? save.error : undefined;
  const at = (path: string) => error?.fieldMessage(path);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({
      status: text(data, 'status'),
      paymentTerms: text(data, 'paymentTerms'),
      creditLimit: money(text(data, 'creditLimit'), text(data, 'creditCurrency')),
      priceListId: text(data, 'priceListId') || null,
      country: text(data, 'country').toUpperCase() || null,
      vatId: text(data, 'vatId') || null,
    });
  };
  return (
    <form onSubmit={onSubmit} aria-label={`Edit ${company.name}`}>
      <div className="form-row">
        <SelectField
          name="status"
          label="Status"
          options={statusOptions}
          defaultValue={company.status}
          error={at('status')}
        />
        <SelectField
          name="paymentTerms"
          label="Payment terms"
          options={termOptions}
          defaultValue={company.paymentTerms}
          error={at('paymentTerms')}
        />
      </div>
      <fieldset>
        <legend>Credit limit</legend>
        <div className="form-row">
          <Field
            name="creditLimit"
            label="Amount"
            inputMode="decimal"
            isRequired
            defaultValue={company.creditLimit.amount}
            error={at('creditLimit/amount') ?? at('creditLimit')}
          />
          <Field
            name="creditCurrency"
            label="Currency"
            isRequired
            defaultValue={company.creditLimit.currency}
            error={at('creditLimit/currency')}
          />
        </div>
        <p className="muted">
          Used: <Money value={company.creditUsed} />
        </p>
      </fieldset>
      <QueryView query={priceLists}>
        {(lists) => (
          <SelectField
            name="priceListId"
            label="Price list"
            emptyOption="None (list prices)"
            options={lists.items.map((l) => ({ value: l.id, label: `${l.name} (${l.currency})` }))}
            defaultValue={company.priceListId ?? ''}
            error={at('priceListId')}
          />
        )}
      </QueryView>
      <div className="form-row">
        <Field
          name="country"
          label="Country (ISO code, e.g. DE)"
          defaultValue={company.country ?? ''}
          error={at('country')}
        />
        <Field name="vatId" label="VAT id" defaultValue={company.vatId ?? ''} error={at('vatId')} />
      </div>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && <p role="status">Saved.</p>}
      <Button type="submit" isDisabled={save.isPending}>
        Save company
      </Button>
    </form>
  );
}

export function CompanyPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const company = useQuery({
    queryKey: ['company', id],
    queryFn: () => api.get<Company>(`/admin/companies/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/companies">← Companies</Link>
      </p>
      <QueryView query={company}>
        {(c) => (
          <>
            <h1>{c.name}</h1>
            <CompanyForm company={c} />
            <p>
              <Link to={`/orders?companyId=${c.id}`}>Orders of {c.name}</Link> ·{' '}
              <Link to={`/users?companyId=${c.id}`}>Members</Link>
            </p>
          </>
        )}
      </QueryView>
    </section>
  );
}
