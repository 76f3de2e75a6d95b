/** Invoices of the company (company admins): net-terms invoices with their due dates and status. */
import { type Column, DataTable, formatDateTime, Money } from '@b2b/web-kit/ui';
import { Link } from 'react-router';
import type { Invoice } from '../api-types.ts';
import { statusFilter } from '../components/status-filter.ts';

const invoiceStatusLabel: Record<Invoice['status'], string> = {
  open: 'Open',
  paid: 'Paid',
  overdue: 'Overdue',
};

const columns: readonly Column<Invoice>[] = [
  { key: 'number', header: 'Invoice', rowHeader: true, cell: (invoice) => invoice.number },
  { key: 'issuedAt', header: 'Issued', cell: (invoice) => formatDateTime(invoice.issuedAt) },
  { key: 'dueDate', header: 'Due', cell: (invoice) => formatDateTime(invoice.dueDate) },
  { key: 'status', header: 'Status', cell: (invoice) => invoiceStatusLabel[invoice.status] },
  { key: 'amount', header: 'Amount', cell: (invoice) => <Money value={invoice.amount} /> },
  {
    key: 'order',
    header: 'Order',
    // The invoice carries the order's id only: the link is named by the invoice it belongs to.
    cell: (invoice) => (
      <Link to={`/orders/${invoice.orderId}`} aria-label={`Order of ${invoice.number}`}>
        Order
      </Link>
    ),
  },
];

export function InvoicesPage() {
  return (
    <section>
      <h1>Invoices</h1>
      <DataTable
        label="Invoices"
        path="/invoices"
        columns={columns}
        rowKey={(invoice) => invoice.id}
        filters={statusFilter(invoiceStatusLabel)}
        empty="No invoices found."
      />
    </section>
  );
}
