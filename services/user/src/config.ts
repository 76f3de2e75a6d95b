import { fileURLToPath } from 'node:url';
import {
  baseSettings,
  type ConfigRule,
  loadConfig,
  loadConfigOrExit,
  requireDatabase,
  requireEventBus,
} from '@b2b/shared/config';
import { requireServiceCredential, serviceCredentialSettings } from '@b2b/shared/internal';
import { Type } from 'typebox';

export const UserSettings = Type.Object({
  ...baseSettings,
  ...serviceCredentialSettings,
  /** AWS: the Secrets Manager secret holding the JWT signing key set. Required in production. */
  JWT_KEYS_SECRET_ARN: Type.Optional(
    Type.String({ pattern: '^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+$' }),
  ),
  /** Local only: where `jwt-keys.json` lives. */
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** How often a task re-reads the key set, so a rotation reaches every task. */
  /**
   * Origins of the web apps (comma-separated, as for the api-gateway): browser-session requests
   * from any other Origin are refused. Unset in production: cookie sessions are refused.
   */
  CORS_ORIGINS: Type.Optional(Type.String({ minLength: 1 })),
  JWT_KEYS_RELOAD_SECONDS: Type.Integer({ minimum: 10, maximum: 3600, default: 60 }),
});

/** Signing keys never default in production: without the secret the service refuses to start. */
const requireKeySource: ConfigRule = (values, { production }) =>
  production && values['JWT_KEYS_SECRET_ARN'] === undefined
    ? [{ variable: 'JWT_KEYS_SECRET_ARN', message: 'is required in production (the JWT signing keys)' }]
    : [];

/** `.data` at the repository root, for development runs started outside the local runner. */
const repoDataDir = fileURLToPath(new URL('../../../.data', import.meta.url));

function options(env: NodeJS.ProcessEnv) {
  return {
    env: { SERVICE_NAME: 'user', ...env },
    localDefaults: {
      DATA_DIR: repoDataDir,
      // The local load balancer and the Vite dev servers of the two apps (their READMEs).
      CORS_ORIGINS: 'http://localhost:8080,http://127.0.0.1:8080,http://localhost:5173,http://localhost:5174',
    },
    rules: [requireDatabase, requireEventBus(), requireKeySource, requireServiceCredential],
  };
}

/** Validated settings, or a ConfigError naming every offending variable. */
export function parseUserConfig(env: NodeJS.ProcessEnv) {
  return loadConfig(UserSettings, options(env));
}

/** For process entries: on a bad configuration, print the problems and exit 1. */
export function loadUserConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(UserSettings, options(env));
}

export type UserConfig = ReturnType<typeof loadUserConfig>;

/** The browser-session settings of buildApp from the configuration. */
export function browserSessionOptions(config: UserConfig) {
  return {
    allowedOrigins: (config.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    secureCookies: config.NODE_ENV === 'production',
  };
}
