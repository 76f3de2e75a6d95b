import { useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import type { UserProfile } from '../api-types.ts';

/** The caller's full profile (spending limit, phone), shared by every page that needs it. */
export function useProfile() {
  const api = useApi();
  return useQuery({ queryKey: ['profile'], queryFn: () => api.get<UserProfile>('/users/me') });
}
