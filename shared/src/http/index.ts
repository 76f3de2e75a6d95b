export {
  type CreateServiceOptions,
  createService,
  DEFAULT_BODY_LIMIT,
  type ServiceApp,
  serverTimeouts,
} from './create-service.ts';
export { PROBLEM_CONTENT_TYPE, problemFromError, problemType } from './error-handler.ts';
export type { CheckResult, Readiness, ReadinessCheck, ReadinessReport } from './health.ts';
export { CENSOR, censorSensitive, redactUrl, sensitiveKeys } from './logger.ts';
export type { OpenApiInfo } from './openapi.ts';
export { REQUEST_ID_HEADER } from './request-id.ts';
export { type RunServiceOptions, runService } from './run-service.ts';
export {
  CurrencyCode,
  DecimalString,
  FieldError,
  Money,
  type MoneyBody,
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
