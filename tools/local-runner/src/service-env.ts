/**
 * The environment each service process gets: the same variables the CDK services stack sets in
 * AWS (CONTRIBUTING.md's environment contract), pointing at local endpoints. The developer's own
 * environment is NOT inherited wholesale — only what a Node process needs to run — so a stray
 * AWS_* credential or a production setting on the laptop never leaks into a local service.
 */
import { type ServiceName, serviceNames, serviceUrlEnv } from '@b2b/shared/catalogue';
import { SERVICE_CREDENTIAL_ENV } from '@b2b/shared/internal';
import { servicePort, serviceUrl } from './options.ts';

/** Variables of the developer's shell that a child Node process legitimately needs. */
const inheritedVariables = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LC_ALL',
  'TZ',
  'SYSTEMROOT',
  'NODE_EXTRA_CA_CERTS',
  'FORCE_COLOR',
  'NO_COLOR',
];

/**
 * Optional platform settings a developer may pass through to every service. The gateway's rate
 * limits are among them because a load test from one machine (`npm run load`) is one client to
 * the gateway's per-client limits, which would otherwise measure 429s instead of the platform.
 */
const passThroughSettings = [
  'LOG_LEVEL',
  'AWS_XRAY_DAEMON_ADDRESS',
  'RATE_LIMIT_ANONYMOUS_PER_MINUTE',
  'RATE_LIMIT_USER_PER_MINUTE',
  'RATE_LIMIT_CREDENTIALS_PER_MINUTE',
];

export interface ServiceEnvInput {
  readonly service: ServiceName;
  readonly mongoUri: string;
  /** The bus's address when it differs from `mongoUri` (same server through a proxy); default `mongoUri`. */
  readonly eventBusUri?: string;
  readonly dataDir: string;
  readonly portOffset: number;
  readonly lbPort: number;
  /** `.data/service-credential` (service-credential.ts): what Secrets Manager injects in AWS. */
  readonly serviceCredential: string;
  readonly parentEnv: NodeJS.ProcessEnv;
}

/** The runner's services: catalogue ports plus the offset, the gateway open to the load balancer. */
export function buildServiceEnv(input: ServiceEnvInput): Record<string, string> {
  return serviceEnvAt({
    service: input.service,
    mongoUri: input.mongoUri,
    eventBusUri: input.eventBusUri,
    dataDir: input.dataDir,
    port: servicePort(input.service, input.portOffset),
    serviceUrl: (name) => serviceUrl(name, input.portOffset),
    // Browsers reach the API through the local load balancer, on either host name.
    // and, for browser sessions, the Vite dev servers of the two apps (their READMEs, hot reload).
    corsOrigins: [
      `http://localhost:${input.lbPort}`,
      `http://127.0.0.1:${input.lbPort}`,
      'http://localhost:5173',
      'http://localhost:5174',
    ],
    serviceCredential: input.serviceCredential,
    parentEnv: input.parentEnv,
  });
}

export interface ServiceEnvAtInput {
  readonly service: ServiceName;
  readonly mongoUri: string;
  /** The bus's address when it differs from `mongoUri`; default `mongoUri`. */
  readonly eventBusUri?: string;
  readonly dataDir: string;
  /** Where this service listens. */
  readonly port: number;
  /** Base URL of every catalogue service (`SERVICE_URL_<NAME>`, and the JWKS of `user`). */
  readonly serviceUrl: (name: ServiceName) => string;
  /** api-gateway only: the browser origins it allows. */
  readonly corsOrigins: readonly string[];
  /** The credential `/internal/*` routes demand (the runner's `.data/service-credential`). */
  readonly serviceCredential: string;
  readonly parentEnv: NodeJS.ProcessEnv;
}

/**
 * The environment of one service at explicit addresses: the runner's (catalogue ports) and the
 * test kit's (ports the OS chose) are both built here, so tests run services as `npm start` does.
 */
export function serviceEnvAt(input: ServiceEnvAtInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of [...inheritedVariables, ...passThroughSettings]) {
    const value = input.parentEnv[key];
    if (value !== undefined) env[key] = value;
  }
  Object.assign(env, {
    NODE_ENV: 'development',
    SERVICE_NAME: input.service,
    PORT: String(input.port),
    HOST: '127.0.0.1',
    MONGODB_URI: input.mongoUri,
    MONGODB_DB_NAME: input.service,
    EVENT_BUS: 'docstore',
    EVENT_BUS_MONGODB_URI: input.eventBusUri ?? input.mongoUri,
    JWKS_URL: `${input.serviceUrl('user')}/auth/jwks`,
    DATA_DIR: input.dataDir,
    [SERVICE_CREDENTIAL_ENV]: input.serviceCredential,
  });
  for (const name of serviceNames) env[serviceUrlEnv(name)] = input.serviceUrl(name);
  // The gateway answers CORS with them; the user service checks browser-session Origins against them.
  if (input.service === 'api-gateway' || input.service === 'user')
    env.CORS_ORIGINS = input.corsOrigins.join(',');
  // Links in local messages point at the local load balancer, whatever port it was given.
  if (input.service === 'notification' && input.corsOrigins[0]) env.PUBLIC_BASE_URL = input.corsOrigins[0];
  return env;
}
