/**
 * `@b2b/shared/internal`: calls between services. The credential `/internal/*` routes demand
 * (`serviceCallersOnly`), its setting (`serviceCredentialSettings`, `requireServiceCredential`),
 * and the typed client for another service's internal API (`createInternalClient`).
 */
export {
  createInternalClient,
  type InternalApi,
  type InternalCallInput,
  type InternalClient,
  type InternalClientOptions,
  type InternalRoute,
  internalPath,
} from './client.ts';
export {
  credentialMatches,
  generateServiceCredential,
  MIN_SERVICE_CREDENTIAL_LENGTH,
  SERVICE_CREDENTIAL_ENV,
  SERVICE_CREDENTIAL_HEADER,
  serviceCredentialHeaders,
} from './credential.ts';
export { SERVICE_CREDENTIAL_REQUIRED, type ServiceCallersOnlyOptions, serviceCallersOnly } from './guard.ts';
export { requireServiceCredential, serviceCredentialSettings } from './settings.ts';
