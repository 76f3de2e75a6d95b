/** Resilience for calls to other services and AWS: breakers, retries, a service-to-service client. */
export {
  type Breaker,
  BreakerOpenError,
  type BreakerOptions,
  type BreakerState,
  breakerStates,
  createBreaker,
} from './breaker.ts';
export { type ForwardHeaders, forwardedHeaders } from './forward-headers.ts';
export { isClientError, statusOf } from './http-status.ts';
export { type RetryOptions, retry } from './retry.ts';
export {
  createServiceClient,
  type HttpMethod,
  type ServiceClient,
  type ServiceClientOptions,
  type ServiceRequest,
  type ServiceResponse,
} from './service-client.ts';
export { UpstreamError } from './upstream-error.ts';
