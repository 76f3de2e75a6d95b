/**
 * Settings from the environment, validated once at start-up. A process with a bad configuration
 * must not start half-working: every offending variable is collected and named in one message.
 */

import type { Static, TObject, TProperties, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { type ServiceName, services } from '../catalogue.ts';
import { coerceObject } from './coerce.ts';

export type Env = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(message: string, problems: ConfigProblem[]) {
    super(message);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** A cross-variable check (e.g. "a database is configured one way or the other"). */
export type ConfigRule = (
  values: Readonly<Record<string, unknown>>,
  ctx: { production: boolean },
) => ConfigProblem[];

export interface LoadConfigOptions<P extends TProperties> {
  env?: Env;
  /** Raw (string) values used only when NODE_ENV is not `production` and the variable is unset. */
  localDefaults?: Partial<Record<Extract<keyof P, string>, string>>;
  rules?: ConfigRule[];
}

export interface PatternedSettings {
  /** From `SERVICE_URL_<NAME>`, keyed by catalogue name (`SERVICE_URL_API_GATEWAY` → `api-gateway`). */
  serviceUrls: Record<string, string>;
  /** From `EVENT_TOPIC_ARN_<PRODUCER>`, keyed by producer name in lower case. */
  eventTopicArns: Record<string, string>;
}

export type Config<P extends TProperties> = Static<TObject<P>> & PatternedSettings;

const httpUrl = /^https?:\/\/[^\s/$.?#][^\s]*$/;
const snsTopicArn = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const SERVICE_URL_PREFIX = 'SERVICE_URL_';
const TOPIC_ARN_PREFIX = 'EVENT_TOPIC_ARN_';

function isSecret(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { secret?: unknown }).secret === true;
}

function envName(serviceName: string): string {
  return serviceName.toUpperCase().replace(/-/g, '_');
}

/** Local-mode defaults every service gets for free: loopback host, catalogue port and URLs, docstore bus. */
function builtInLocalDefaults(env: Env): Record<string, string> {
  const defaults: Record<string, string> = { HOST: '127.0.0.1', EVENT_BUS: 'docstore' };
  const name = env['SERVICE_NAME'];
  if (name && name in services) defaults['PORT'] = String(services[name as ServiceName].port);
  for (const [service, spec] of Object.entries(services)) {
    defaults[SERVICE_URL_PREFIX + envName(service)] = `http://127.0.0.1:${spec.port}`;
  }
  return defaults;
}

/** The first reason a value does not fit its schema, phrased for an operator; undefined when it fits. */
function propertyProblem(prop: Record<string, unknown>, value: unknown): string | undefined {
  const branches = Array.isArray(prop['anyOf']) ? (prop['anyOf'] as { const?: unknown }[]) : [];
  const allowed = branches.map((b) => b.const);
  if (branches.length > 0 && allowed.every((c) => c !== undefined)) {
    return (allowed as unknown[]).includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;
  }
  const [first] = Compile(prop as unknown as TSchema).Errors(value);
  return first?.message;
}

function describeValue(value: unknown, secret: boolean): string {
  if (value === undefined) return '';
  if (secret) return ' (value hidden)';
  // A URL-shaped value may carry a password (`http://user:pw@host`) even in a non-secret variable.
  const text = String(value).replace(/(\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
  return ` (got "${text.length > 60 ? `${text.slice(0, 60)}…` : text}")`;
}

export function loadConfig<P extends TProperties>(
  schema: TObject<P>,
  options: LoadConfigOptions<P> = {},
): Config<P> {
  const env = options.env ?? process.env;
  const production = env['NODE_ENV'] === 'production';
  const properties = schema.properties as unknown as Record<string, Record<string, unknown>>;

  // Programmer errors, not configuration errors: a secret with a default is never acceptable.
  for (const [key, prop] of Object.entries(properties)) {
    if (isSecret(prop) && 'default' in prop)
      throw new Error(`config schema: secret ${key} must not have a default`);
    if (isSecret(prop) && options.localDefaults && key in options.localDefaults) {
      throw new Error(`config schema: secret ${key} must not have a local default`);
    }
  }

  // Unset and empty variables are the same thing (`FOO=` in a compose file means "not set").
  const read = (key: string): string | undefined => (env[key] === '' ? undefined : env[key]);
  const localDefaults: Record<string, string | undefined> = production
    ? {}
    : { ...builtInLocalDefaults(env), ...options.localDefaults };

  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    const value = read(key) ?? localDefaults[key];
    if (value !== undefined) raw[key] = value;
  }
  const values = Value.Default(schema, coerceObject(schema as object, raw)) as Record<string, unknown>;

  const problems: ConfigProblem[] = [];
  const required = new Set((schema as { required?: string[] }).required ?? []);
  // One variable at a time: every offending variable gets named, whatever TypeBox's error cap.
  for (const [variable, prop] of Object.entries(properties)) {
    const value = values[variable];
    if (value === undefined) {
      if (required.has(variable)) problems.push({ variable, message: 'is required but not set' });
      continue;
    }
    const message = propertyProblem(prop, value);
    if (message) problems.push({ variable, message: message + describeValue(value, isSecret(prop)) });
  }

  // Defaults derived from other (validated) settings; they hold in production too (CONTRIBUTING.md).
  if ('MONGODB_DB_NAME' in properties && values['MONGODB_DB_NAME'] === undefined && values['SERVICE_NAME']) {
    values['MONGODB_DB_NAME'] = values['SERVICE_NAME'];
  }
  if ('EVENT_BUS_MONGODB_URI' in properties && values['EVENT_BUS_MONGODB_URI'] === undefined) {
    if (values['MONGODB_URI'] !== undefined) values['EVENT_BUS_MONGODB_URI'] = values['MONGODB_URI'];
  }

  const patterned = readPatternedSettings(env, localDefaults, problems);
  if ('JWKS_URL' in properties && values['JWKS_URL'] === undefined && patterned.serviceUrls['user']) {
    values['JWKS_URL'] = `${patterned.serviceUrls['user'].replace(/\/$/, '')}/auth/jwks`;
  }
  for (const rule of options.rules ?? []) problems.push(...rule(values, { production }));

  if (problems.length > 0) {
    const service = String(values['SERVICE_NAME'] ?? env['SERVICE_NAME'] ?? 'service');
    const lines = dedupe(problems).map((p) => `  - ${p.variable}: ${p.message}`);
    throw new ConfigError(
      `Invalid configuration for ${service} (NODE_ENV=${env['NODE_ENV'] ?? 'unset'}); fix these environment variables:\n${lines.join('\n')}`,
      problems,
    );
  }
  return { ...(values as Static<TObject<P>>), ...patterned };
}

function readPatternedSettings(
  env: Env,
  localDefaults: Record<string, string | undefined>,
  problems: ConfigProblem[],
): PatternedSettings {
  const serviceUrls: Record<string, string> = {};
  const eventTopicArns: Record<string, string> = {};
  const keys = new Set([...Object.keys(localDefaults), ...Object.keys(env)]);
  for (const key of keys) {
    const value = (env[key] === '' ? undefined : env[key]) ?? localDefaults[key];
    if (value === undefined) continue;
    if (key.startsWith(SERVICE_URL_PREFIX)) {
      const name = key.slice(SERVICE_URL_PREFIX.length).toLowerCase().replace(/_/g, '-');
      if (httpUrl.test(value)) serviceUrls[name] = value.replace(/\/$/, '');
      else problems.push({ variable: key, message: `must be an http(s) URL${describeValue(value, false)}` });
    } else if (key.startsWith(TOPIC_ARN_PREFIX)) {
      const producer = key.slice(TOPIC_ARN_PREFIX.length).toLowerCase().replace(/_/g, '-');
      if (snsTopicArn.test(value)) eventTopicArns[producer] = value;
      else
        problems.push({ variable: key, message: `must be an SNS topic ARN${describeValue(value, false)}` });
    }
  }
  return { serviceUrls, eventTopicArns };
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.variable}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prints the configuration problem on one block of stderr and stops the process: no stack trace. */
export function exitOnConfigError(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${err instanceof ConfigError ? '' : 'Configuration failed: '}${message}\n`);
  process.exit(1);
}

/** `loadConfig`, and on failure print the named variables and exit 1 (for process entries). */
export function loadConfigOrExit<P extends TProperties>(
  schema: TObject<P>,
  options: LoadConfigOptions<P> = {},
): Config<P> {
  try {
    return loadConfig(schema, options);
  } catch (err) {
    return exitOnConfigError(err);
  }
}
