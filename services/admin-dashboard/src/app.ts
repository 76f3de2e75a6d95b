import { buildWebService } from '@b2b/web-kit/server';

/** Where this app is mounted behind the load balancer (the ALB rule of the catalogue). */
export const BASE_PATH = '/admin/';

export interface AdminDashboardDeps {
  /** The Vite build (index.html + assets/). */
  readonly root: string;
  readonly environment: string;
  readonly apiBaseUrl?: string;
  readonly logLevel?: string;
}

export function buildApp(deps: AdminDashboardDeps) {
  return buildWebService({
    name: 'admin-dashboard',
    root: deps.root,
    basePath: BASE_PATH,
    logLevel: deps.logLevel,
    runtimeConfig: { apiBaseUrl: deps.apiBaseUrl ?? '/api/v1', environment: deps.environment },
  });
}
