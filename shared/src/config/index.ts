/**
 * `@b2b/shared/config`: settings from the environment, validated once at start-up.
 *
 *   const Settings = Type.Object({ ...baseSettings, PAYMENT_WEBHOOK_SECRET: Secret() });
 *   const config = loadConfigOrExit(Settings, { rules: [requireDatabase, requireEventBus()] });
 *
 * Strings are coerced strictly (integers, numbers, `true`/`false`); empty means unset. Schema
 * defaults apply everywhere, `localDefaults` (and the built-in HOST, PORT from the catalogue,
 * SERVICE_URL_*, EVENT_BUS=docstore) only when NODE_ENV is not `production`. Secrets never have
 * defaults and their values are never printed. `config.serviceUrls` / `config.eventTopicArns`
 * hold the SERVICE_URL_<NAME> / EVENT_TOPIC_ARN_<PRODUCER> variables.
 */
export { coerceObject } from './coerce.ts';
export {
  type Config,
  ConfigError,
  type ConfigProblem,
  type ConfigRule,
  type Env,
  exitOnConfigError,
  type LoadConfigOptions,
  loadConfig,
  loadConfigOrExit,
  type PatternedSettings,
} from './load-config.ts';
export { requireDatabase, requireEventBus } from './rules.ts';
export {
  baseSettings,
  coreSettings,
  HttpUrl,
  Secret,
} from './settings.ts';
