/** In-app notifications, newest first: unread ones marked, each marked read on request. */
import { Button, ErrorMessage, formatDateTime, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Switch } from 'react-aria-components';
import type { InboxItem } from '../api-types.ts';

export function NotificationsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery({
    queryKey: ['notifications', unreadOnly ? 'unread-list' : 'all'],
    queryFn: () => api.get<Page<InboxItem>>(`/notifications?limit=50${unreadOnly ? '&unread=true' : ''}`),
  });
  const markRead = useMutation({
    mutationFn: (id: string) =>
      api.request<InboxItem>('POST', `/notifications/${encodeURIComponent(id)}/read`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (
    <section>
      <h1>Notifications</h1>
      <Switch isSelected={unreadOnly} onChange={setUnreadOnly} className="react-aria-Switch field">
        Only unread
      </Switch>
      {markRead.isError && <ErrorMessage error={markRead.error} />}
      <QueryView query={inbox} isEmpty={(p) => p.items.length === 0} empty="No notifications.">
        {(p) => (
          <ul className="stack">
            {p.items.map((n) => (
              <li key={n.id} className={n.read ? 'card' : 'card unread'}>
                <h2>
                  {!n.read && <span className="visually-hidden">Unread: </span>}
                  {n.subject}
                </h2>
                <p className="muted">
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </p>
                <p className="pre-line">{n.text}</p>
                {!n.read && (
                  <Button onPress={() => markRead.mutate(n.id)} aria-label={`Mark as read: ${n.subject}`}>
                    Mark as read
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
