import { type Page, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import type { SavedAddress } from '../api-types.ts';

/** The caller's saved addresses (one page of up to 100: more than anyone keeps), for checkout and profile. */
export function useAddresses() {
  const api = useApi();
  return useQuery({
    queryKey: ['addresses'],
    queryFn: () => api.get<Page<SavedAddress>>('/users/me/addresses?limit=100'),
    select: (page) => page.items,
  });
}
