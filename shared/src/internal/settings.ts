/**
 * The credential as a setting: services that serve or call `/internal/*` spread
 * `serviceCredentialSettings` into their schema and add `requireServiceCredential` to their rules.
 */
import { Type } from 'typebox';
import type { ConfigRule } from '../config/load-config.ts';
import { Secret } from '../config/settings.ts';
import { MIN_SERVICE_CREDENTIAL_LENGTH, SERVICE_CREDENTIAL_ENV } from './credential.ts';

export const serviceCredentialSettings = {
  /** Never defaulted: locally the runner generates it, in AWS it is an ECS secret. */
  [SERVICE_CREDENTIAL_ENV]: Type.Optional(
    Secret({
      minLength: MIN_SERVICE_CREDENTIAL_LENGTH,
      description: 'shared secret presented on calls to /internal/* routes',
    }),
  ),
} as const;

/**
 * Production refuses to start without the credential. Elsewhere it may be missing (a service run by
 * hand, outside the local runner): its `/internal/*` routes then refuse every caller (fail closed).
 */
export const requireServiceCredential: ConfigRule = (values, { production }) =>
  production && values[SERVICE_CREDENTIAL_ENV] === undefined
    ? [
        {
          variable: SERVICE_CREDENTIAL_ENV,
          message: 'is required in production (the credential for calls between services)',
        },
      ]
    : [];
