import { DataTable, formatDateTime, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { HtmlSource } from '../html-source.tsx';
import type { MailboxMessage } from '../types.ts';

/** The development mailbox: what SES/SNS would have sent (local runs only; absent in AWS). */
export function MailboxPage() {
  return (
    <section>
      <h1>Mailbox</h1>
      <p className="muted">What the platform would have sent by email and SMS (local runs only).</p>
      <DataTable<MailboxMessage>
        label="Messages"
        path="/admin/mailbox"
        rowKey={(m) => m.id}
        filters={[{ name: 'to', label: 'Recipient', type: 'search' }]}
        empty="The mailbox is empty."
        columns={[
          { key: 'at', header: 'When', cell: (m) => formatDateTime(m.at) },
          { key: 'to', header: 'To', cell: (m) => m.to },
          {
            key: 'subject',
            header: 'Subject',
            rowHeader: true,
            cell: (m) => (
              <Link to={`/mailbox/${m.id}`}>{m.subject ?? `${m.channel.toUpperCase()} message`}</Link>
            ),
          },
          { key: 'channel', header: 'Channel', cell: (m) => m.channel },
        ]}
      />
    </section>
  );
}

export function MailboxMessagePage() {
  const { id = '' } = useParams();
  const api = useApi();
  const message = useQuery({
    queryKey: ['mailbox', id],
    queryFn: () => api.get<MailboxMessage>(`/admin/mailbox/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/mailbox">← Mailbox</Link>
      </p>
      <QueryView query={message}>
        {(m) => (
          <>
            <h1>{m.subject ?? `${m.channel.toUpperCase()} message`}</h1>
            <p>
              To {m.to}, {formatDateTime(m.at)}
            </p>
            <pre>{m.text}</pre>
            {m.html && <HtmlSource html={m.html} title="HTML version (markup)" />}
          </>
        )}
      </QueryView>
    </section>
  );
}
