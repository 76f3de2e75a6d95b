import { DataTable, formatDateTime } from '@b2b/web-kit/ui';
import type { Delivery } from '../types.ts';

export function DeliveriesPage() {
  return (
    <section>
      <h1>Delivery log</h1>
      <DataTable<Delivery>
        label="Deliveries"
        path="/admin/notifications"
        rowKey={(d) => d.id}
        filters={[
          {
            name: 'channel',
            label: 'Channel',
            type: 'select',
            options: [
              { value: 'email', label: 'Email' },
              { value: 'sms', label: 'SMS' },
              { value: 'in_app', label: 'In-app' },
            ],
          },
          {
            name: 'status',
            label: 'Status',
            type: 'select',
            options: [
              { value: 'sending', label: 'Sending' },
              { value: 'sent', label: 'Sent' },
              { value: 'failed', label: 'Failed' },
              { value: 'suppressed', label: 'Suppressed' },
            ],
          },
          { name: 'to', label: 'Recipient', type: 'search' },
          { name: 'event', label: 'Event (e.g. order.shipped)', type: 'search' },
        ]}
        empty="Nothing was sent yet."
        columns={[
          { key: 'at', header: 'When', rowHeader: true, cell: (d) => formatDateTime(d.at) },
          { key: 'channel', header: 'Channel', cell: (d) => d.channel },
          { key: 'to', header: 'To', cell: (d) => d.to },
          { key: 'template', header: 'Template', cell: (d) => d.template },
          { key: 'event', header: 'Event', cell: (d) => d.event },
          { key: 'status', header: 'Status', cell: (d) => d.status },
          { key: 'attempts', header: 'Attempts', cell: (d) => d.attempts },
          { key: 'error', header: 'Error', cell: (d) => d.error ?? '' },
        ]}
      />
    </section>
  );
}
