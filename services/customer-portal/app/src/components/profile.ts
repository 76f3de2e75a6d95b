import { useApi, useSession } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import type { UserProfile } from '../api-types.ts';

/** The caller's full profile (spending limit, phone), shared by every page that needs it. */
export function useProfile() {
  const api = useApi();
  return useQuery({ queryKey: ['profile'], queryFn: () => api.get<UserProfile>('/users/me') });
}

/** Whether the signed-in user is their company's admin (the pages that show an editor only to them). */
export function useIsCompanyAdmin(): boolean {
  const { state } = useSession();
  return state.status === 'signed-in' && state.user.companyRole === 'company_admin';
}
