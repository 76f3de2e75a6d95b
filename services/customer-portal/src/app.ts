import { buildWebService } from '@b2b/web-kit/server';

/** Where this app is mounted behind the load balancer (the ALB rule of the catalogue). */
export const BASE_PATH = '/';

export interface CustomerPortalDeps {
  /** The Vite build (index.html + assets/). */
  readonly root: string;
  readonly environment: string;
  readonly apiBaseUrl?: string;
  readonly logLevel?: string;
}

export function buildApp(deps: CustomerPortalDeps) {
  return buildWebService({
    name: 'customer-portal',
    root: deps.root,
    basePath: BASE_PATH,
    logLevel: deps.logLevel,
    runtimeConfig: { apiBaseUrl: deps.apiBaseUrl ?? '/api/v1', environment: deps.environment },
  });
}
