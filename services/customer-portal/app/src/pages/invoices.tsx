/** Invoices of the company (company admins): net-terms invoices with their due dates and status. */
import { formatDateTime, Money, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Invoice } from '../api-types.ts';
import { SelectField } from '../components/fields.tsx';

const invoiceStatusLabel: Record<Invoice['status'], string> = {
  open: 'Open',
  paid: 'Paid',
  overdue: 'Overdue',
};

export function InvoicesPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const invoices = useQuery({
    queryKey: ['invoices', status],
    queryFn: () => api.get<Page<Invoice>>(`/invoices?limit=50${status ? `&status=${status}` : ''}`),
  });
  return (
    <section>
      <h1>Invoices</h1>
      <SelectField
        id="invoice-status-filter"
        name="status"
        label="Show"
        value={status}
        onChange={(value) => setParams(value ? { status: value } : {})}
        options={[
          { value: '', label: 'All invoices' },
          ...Object.entries(invoiceStatusLabel).map(([value, label]) => ({ value, label })),
        ]}
      />
      <QueryView query={invoices} isEmpty={(p) => p.items.length === 0} empty="No invoices yet.">
        {(p) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  <th scope="col">Amount</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((invoice) => (
                  <tr key={invoice.id}>
                    <td>
                      {invoice.number} <Link to={`/orders/${invoice.orderId}`}>(order)</Link>
                    </td>
                    <td>{formatDateTime(invoice.issuedAt)}</td>
                    <td>{formatDateTime(invoice.dueDate)}</td>
                    <td>{invoiceStatusLabel[invoice.status]}</td>
                    <td>
                      <Money value={invoice.amount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
