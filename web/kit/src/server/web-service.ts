/**
 * The whole serving service of a web app: `createService` with the web CSP, then the built app.
 * customer-portal and admin-dashboard differ only in their name, base path and build directory.
 */
import { createService, type ServiceApp } from '@b2b/shared/http';
import { webHelmetOptions } from './content-security-policy.ts';
import { registerStaticApp, type StaticAppOptions } from './static-app.ts';

export interface WebServiceDeps extends StaticAppOptions {
  readonly name: string;
  readonly logLevel?: string;
}

export async function buildWebService(deps: WebServiceDeps): Promise<ServiceApp> {
  const app = createService({
    name: deps.name,
    logLevel: deps.logLevel,
    helmet: webHelmetOptions,
    // A web app takes no request bodies.
    bodyLimit: 1024,
    openapi: { title: `${deps.name} (static web app)`, version: '1.0.0' },
  });
  await registerStaticApp(app, deps);
  return app;
}
