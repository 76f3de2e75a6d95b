/**
 * Serves one built Vite app under a base path (`/` for the portal, `/admin/` for the dashboard):
 *   - `assets/*` carry a content hash in their names, so they are cached for a year (`immutable`);
 *     everything else (index.html, favicon) is revalidated on every load (`no-cache`), so a deploy
 *     is picked up at the next navigation;
 *   - `.br` / `.gz` siblings written at build time are sent when the browser accepts them;
 *   - a deep link (`/orders/123`) answers index.html, and the router in the page takes over; a
 *     missing asset (`/assets/app-0ld.js`, a file-looking path) answers 404, never index.html, so a
 *     stale chunk fails loudly instead of being parsed as HTML.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@b2b/shared/errors';
import type { ServiceApp } from '@b2b/shared/http';
import fastifyStatic from '@fastify/static';
import { Type } from 'typebox';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

export const RuntimeConfig = Type.Object(
  {
    /** Where the app sends API calls: `/api/v1` on the same origin (the load balancer). */
    apiBaseUrl: Type.String(),
    /** `production`, `development` or `test`: shown in the page header outside production. */
    environment: Type.String(),
  },
  { additionalProperties: false },
);

export interface StaticAppOptions {
  /** The Vite output directory (holds index.html and assets/). */
  readonly root: string;
  /** URL prefix the app is mounted at, with both slashes: `/` or `/admin/`. */
  readonly basePath: string;
  readonly runtimeConfig: { apiBaseUrl: string; environment: string };
}

export class MissingBuildError extends Error {
  constructor(root: string) {
    super(`no built app in ${root} (index.html missing): run the workspace's "npm run build" first`);
  }
}

/** A path whose last segment has an extension names a file; anything else is a page of the app. */
function looksLikeFile(urlPath: string): boolean {
  const last = urlPath.split('/').pop() ?? '';
  return /\.[A-Za-z0-9]+$/.test(last);
}

export async function registerStaticApp(app: ServiceApp, options: StaticAppOptions): Promise<void> {
  const { root, basePath } = options;
  if (!existsSync(path.join(root, 'index.html'))) throw new MissingBuildError(root);
  const assetsDir = `${path.join(root, 'assets')}${path.sep}`;

  app.get(
    `${basePath}config.json`,
    { schema: { hide: true, response: { 200: RuntimeConfig } } },
    async (_request, reply) => reply.header('cache-control', REVALIDATE_CACHE).send(options.runtimeConfig),
  );

  await app.register(fastifyStatic, {
    root,
    prefix: basePath,
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
    // One route per built file (the build never changes while the task runs), leaving the
    // wildcard of the base to the SPA fallback below.
    wildcard: false,
    // Directory listings and `/index.html` redirects are not part of the app.
    list: false,
    redirect: false,
    setHeaders(reply, filePath) {
      reply.header('cache-control', filePath.startsWith(assetsDir) ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    },
  });

  if (basePath !== '/') {
    // `/admin` (the ALB rule matches it) → `/admin/`, so relative URLs resolve under the base.
    app.get(basePath.slice(0, -1), { schema: { hide: true } }, async (_request, reply) =>
      reply.redirect(basePath, 308),
    );
  }

  // Every other GET under the base: a page of the app (the router in the page takes over), or a
  // file that does not exist. The platform's not-found handler answers everything outside the base.
  app.get(`${basePath}*`, { schema: { hide: true } }, async (request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    // `/internal/*` is the services' private API; the ALB's default rule lands it here. It is never
    // a page: a 404, so the edge answers "not here" instead of an app shell that looks like a hit.
    if (looksLikeFile(urlPath) || urlPath === '/internal' || urlPath.startsWith('/internal/')) {
      // The central error handler turns it into the platform's problem+json 404.
      throw new AppError({ status: 404, code: 'NOT_FOUND', detail: `No file at ${urlPath}` });
    }
    return reply.header('cache-control', REVALIDATE_CACHE).sendFile('index.html');
  });
}
