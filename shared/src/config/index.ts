export { coerceObject, coerceScalar } from './coerce.ts';
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
  databaseSettings,
  eventBusSettings,
  HttpUrl,
  logLevels,
  Secret,
} from './settings.ts';
