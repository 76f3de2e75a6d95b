/**
 * The signed-in state of an app. On start the page tries a silent refresh (the cookie survives a
 * reload, the access token does not), then loads the profile; signing out clears the cookie.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient, type RuntimeConfig } from './api-client.ts';

export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly companyId: string | null;
  readonly companyRole: string | null;
}

type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly user: Profile };

interface SessionContextValue {
  readonly api: ApiClient;
  readonly config: RuntimeConfig;
  readonly state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <AppProviders>');
  return value;
}

export function useApi(): ApiClient {
  return useSession().api;
}

export function AppProviders({ config, children }: { config: RuntimeConfig; children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000 } } }),
    [],
  );
  const api = useMemo(
    () =>
      new ApiClient({
        baseUrl: config.apiBaseUrl,
        onSignedOut: () => {
          queryClient.clear();
          setState({ status: 'signed-out' });
        },
      }),
    [config.apiBaseUrl, queryClient],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const refreshed = await api.refresh().catch(() => false);
      const user = refreshed ? await api.get<Profile>('/users/me').catch(() => undefined) : undefined;
      if (!cancelled) setState(user ? { status: 'signed-in', user } : { status: 'signed-out' });
    })();
    return () => {
      cancelled = true;
    };
  }, [api]);

  const value: SessionContextValue = {
    api,
    config,
    state,
    async signIn(email, password) {
      const user = await api.signIn<Profile>(email, password);
      setState({ status: 'signed-in', user });
    },
    async signOut(everywhere) {
      await api.signOut(everywhere);
    },
  };
  return (
    <QueryClientProvider client={queryClient}>
      <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
    </QueryClientProvider>
  );
}
