import { type Page, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import type { InboxItem } from '../api-types.ts';

/** The unread count for the navigation (re-read every 30 s while the app is open). */
export function useUnreadCount(): number | undefined {
  const api = useApi();
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<Page<InboxItem>>('/notifications?unread=true&limit=1'),
    refetchInterval: 30_000,
  });
  return unread.data?.total;
}
