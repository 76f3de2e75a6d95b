/**
 * `@b2b/shared/http`: the Fastify base of every service.
 *
 *   const app = createService({ name: 'user', logLevel: config.LOG_LEVEL, openapi: { title, version } });
 *   app.readiness.register('database', () => mongo.ping());
 *   app.get('/things', { schema: { querystring: Pagination, response: { 200: Page(Thing), ...problemResponses } } }, h);
 *   await runService(app, { port: config.PORT, host: config.HOST });
 *
 * Validation is TypeBox's compiled checker (no ajv): bodies are not coerced and unknown fields are
 * rejected; query/params/headers are coerced strictly. Use inline TypeBox schemas (no addSchema/$ref).
 */
export {
  type CreateServiceOptions,
  createService,
  DEFAULT_BODY_LIMIT,
  type ServiceApp,
} from './create-service.ts';
export { problemType } from './error-handler.ts';
export type { CheckOptions, CheckResult, Readiness, ReadinessCheck, ReadinessReport } from './health.ts';
export { type HeaderValue, withoutHopByHop } from './hop-by-hop.ts';
export {
  ensureIdempotencyIndexes,
  IDEMPOTENCY_COLLECTION,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  type IdempotencyPluginOptions,
  type IdempotencyRecord,
  idempotencyCollection,
  idempotencyPlugin,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from './idempotency.ts';
export type { OpenApiInfo } from './openapi.ts';
export { censorSensitive, isSensitiveKey, redactUrl } from './redaction.ts';
export { type RunServiceOptions, runService } from './run-service.ts';
export {
  CurrencyCode,
  CursorPage,
  cursorPaginationProperties,
  DecimalString,
  FieldError,
  Money,
  ObjectIdString,
  Page,
  Pagination,
  type PaginationQuery,
  Problem,
  type ProblemBody,
  paginationProperties,
  problemResponses,
} from './schemas.ts';
export { apiHelmetOptions, apiSecurityHeaders } from './security-headers.ts';
