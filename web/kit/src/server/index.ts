/**
 * `@b2b/web-kit/server`: the Fastify side of the two web apps.
 *
 *   const app = await buildWebService({ name: 'customer-portal', root: distDir, basePath: '/',
 *     runtimeConfig: { apiBaseUrl: '/api/v1', environment: 'production' } });
 */
export { BUILD_STAMP_FILE, buildIsCurrent, sourceHash } from './build-stamp.ts';
export { CLOUDINARY_IMAGE_HOST, webCspDirectives, webHelmetOptions } from './content-security-policy.ts';
export { loadWebSettings, type WebSettings } from './settings.ts';
export {
  IMMUTABLE_CACHE,
  MissingBuildError,
  REVALIDATE_CACHE,
  RuntimeConfig,
  registerStaticApp,
  type StaticAppOptions,
} from './static-app.ts';
export { buildWebService, type WebServiceDeps } from './web-service.ts';
