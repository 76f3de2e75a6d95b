/**
 * The gateway's settings. Environment variables are read once in main.ts (`loadGatewaySettings`);
 * `buildApp` takes the typed `GatewayConfig`, so tests construct one directly.
 */
import { type ServiceName, services, serviceUrlEnv } from '@b2b/shared/catalogue';
import { ConfigError, type ConfigProblem, coreSettings, type Env, loadConfig } from '@b2b/shared/config';
import { DEFAULT_BODY_LIMIT } from '@b2b/shared/http';
import {
  requireServiceCredential,
  serviceCredentialHeaders,
  serviceCredentialSettings,
} from '@b2b/shared/internal';
import { Type } from 'typebox';

export interface GatewayConfig {
  /** Base URL of every other live service (`SERVICE_URL_<NAME>`): forwarding and health. */
  readonly upstreams: Partial<Record<ServiceName, string>>;
  /** Origins browsers may call the API from; empty = same-origin only. */
  readonly corsOrigins: readonly string[];
  readonly rateLimit: {
    /** Per client IP, requests without a token. */
    readonly anonymousPerMinute: number;
    /** Per user (token `sub`). */
    readonly userPerMinute: number;
    /** Per client IP on login and password reset: brute-force protection. */
    readonly credentialsPerMinute: number;
  };
  readonly upstream: {
    readonly connectTimeoutMs: number;
    /** Time allowed for the upstream's response headers, and between body chunks. */
    readonly requestTimeoutMs: number;
    /**
     * The same for the upload routes (body-limits.ts: image upload, catalog import), which answer
     * only once the whole body is processed: 10,000 import rows take seconds, not milliseconds.
     * Optional (default `gatewayDefaults.upstream.uploadTimeoutMs`).
     */
    readonly uploadTimeoutMs?: number;
  };
  readonly breaker: {
    readonly volumeThreshold: number;
    readonly errorThresholdPercentage: number;
    readonly resetTimeoutMs: number;
    /**
     * Window of the error statistics (default `gatewayDefaults.breaker.rollingWindowMs`). Under
     * steady traffic a stalled upstream opens the breaker about `requestTimeoutMs` plus half this
     * window after it stalls: the first timeouts arrive after `requestTimeoutMs`, and they must
     * then outnumber the window's successes.
     */
    readonly rollingWindowMs?: number;
  };
  /**
   * Peers whose X-Forwarded-For entry is trusted (proxy-addr syntax). The ALB and the local load
   * balancer connect from private/loopback addresses; a client on the internet never does, so a
   * spoofed X-Forwarded-For cannot change the IP that rate limits count.
   */
  readonly trustedProxies: string;
  readonly openapiCacheMs: number;
  readonly healthTimeoutMs: number;
  /** Largest request body forwarded: the services' own default limit (createService). */
  readonly bodyLimitBytes: number;
  /** Largest body of the upload routes (body-limits.ts); image uploads are up to 5 MB. */
  readonly uploadBodyLimitBytes: number;
}

export const gatewayDefaults = {
  rateLimit: { anonymousPerMinute: 300, userPerMinute: 600, credentialsPerMinute: 10 },
  // A stalled upstream (SIGSTOP, a hung event loop) accepts connections and never answers: only the
  // request timeout notices it, and only its timeouts can open the breaker. A 5 s timeout (the
  // services answer in milliseconds, but a loaded machine or a big quick order can take a second or
  // two, and those must not fail) and a 4 s error window open the breaker about 5.5 s into a stall
  // under steady traffic; after that callers get 503 at once. With the earlier 10 s window the
  // successes from before the stall kept it closed for about 10 s. Uploads and imports get longer.
  upstream: { connectTimeoutMs: 1_000, requestTimeoutMs: 5_000, uploadTimeoutMs: 120_000 },
  breaker: {
    volumeThreshold: 5,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 10_000,
    rollingWindowMs: 4_000,
  },
  trustedProxies: 'loopback,uniquelocal',
  openapiCacheMs: 10_000,
  healthTimeoutMs: 2_000,
  bodyLimitBytes: DEFAULT_BODY_LIMIT,
  uploadBodyLimitBytes: 6 * 1024 * 1024,
} as const;

const originPattern = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

export const gatewaySettings = Type.Object({
  ...coreSettings,
  ...serviceCredentialSettings,
  CORS_ORIGINS: Type.Optional(
    Type.String({ description: 'comma-separated origins, e.g. https://shop.example.com' }),
  ),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: gatewayDefaults.rateLimit.anonymousPerMinute,
  }),
  RATE_LIMIT_USER_PER_MINUTE: Type.Integer({ minimum: 1, default: gatewayDefaults.rateLimit.userPerMinute }),
  RATE_LIMIT_CREDENTIALS_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: gatewayDefaults.rateLimit.credentialsPerMinute,
  }),
  UPSTREAM_CONNECT_TIMEOUT_MS: Type.Integer({
    minimum: 50,
    default: gatewayDefaults.upstream.connectTimeoutMs,
  }),
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, default: gatewayDefaults.upstream.requestTimeoutMs }),
  BREAKER_RESET_TIMEOUT_MS: Type.Integer({ minimum: 100, default: gatewayDefaults.breaker.resetTimeoutMs }),
  TRUSTED_PROXIES: Type.String({ minLength: 1, default: gatewayDefaults.trustedProxies }),
  REVOCATION_POLL_MS: Type.Integer({ minimum: 200, default: 2_000 }),
});

export interface GatewaySettings {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly jwksUrl: string;
  /** The revocation feed's owner (the user service's base URL). */
  readonly revocationFeedUrl: string;
  readonly revocationPollMs: number;
  /** Presented on the gateway's own calls to /internal/* (the revocation feed). */
  readonly serviceCredential: string | undefined;
  /** Headers of every revocation-feed poll: the service credential, when there is one. */
  readonly revocationHeaders: Readonly<Record<string, string>>;
  readonly gateway: GatewayConfig;
}

/** Services the gateway talks to: every live one but itself. */
export function upstreamServices(): ServiceName[] {
  return (Object.keys(services) as ServiceName[]).filter(
    (name) => services[name].status === 'live' && name !== 'api-gateway',
  );
}

/** Read and validate the environment; throws ConfigError naming every bad variable. */
export function loadGatewaySettings(env: Env = process.env): GatewaySettings {
  const config = loadConfig(gatewaySettings, {
    env,
    localDefaults: {
      SERVICE_NAME: 'api-gateway',
      PORT: String(services['api-gateway'].port),
      CORS_ORIGINS: 'http://localhost:8080,http://127.0.0.1:8080',
    },
    rules: [requireServiceCredential],
  });
  const problems: ConfigProblem[] = [];
  const upstreams: Partial<Record<ServiceName, string>> = {};
  for (const name of upstreamServices()) {
    const url = config.serviceUrls[name];
    if (url) upstreams[name] = url;
    else
      problems.push({
        variable: serviceUrlEnv(name),
        message: 'is required',
      });
  }
  // Browsers serialise the Origin header in lower case (RFC 6454); an ALB DNS name is mixed case.
  const corsOrigins = (config.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim().toLowerCase())
    .filter(Boolean);
  const badOrigin = corsOrigins.find((o) => !originPattern.test(o));
  if (badOrigin) problems.push({ variable: 'CORS_ORIGINS', message: `"${badOrigin}" is not an origin` });
  const userUrl = config.serviceUrls.user;
  if (!config.JWKS_URL) problems.push({ variable: 'JWKS_URL', message: 'is required (or SERVICE_URL_USER)' });
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration for api-gateway:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`,
      problems,
    );
  }
  return {
    port: config.PORT,
    host: config.HOST,
    logLevel: config.LOG_LEVEL,
    jwksUrl: config.JWKS_URL!,
    revocationFeedUrl: userUrl!,
    revocationPollMs: config.REVOCATION_POLL_MS,
    serviceCredential: config.SERVICE_CREDENTIAL,
    // Without a credential (a gateway started by hand) the feed refuses and the poll logs it.
    revocationHeaders: config.SERVICE_CREDENTIAL ? serviceCredentialHeaders(config.SERVICE_CREDENTIAL) : {},
    gateway: {
      upstreams,
      corsOrigins,
      rateLimit: {
        anonymousPerMinute: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
        userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
        credentialsPerMinute: config.RATE_LIMIT_CREDENTIALS_PER_MINUTE,
      },
      upstream: {
        connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
        requestTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
      },
      breaker: { ...gatewayDefaults.breaker, resetTimeoutMs: config.BREAKER_RESET_TIMEOUT_MS },
      trustedProxies: config.TRUSTED_PROXIES,
      openapiCacheMs: gatewayDefaults.openapiCacheMs,
      healthTimeoutMs: gatewayDefaults.healthTimeoutMs,
      bodyLimitBytes: gatewayDefaults.bodyLimitBytes,
      uploadBodyLimitBytes: gatewayDefaults.uploadBodyLimitBytes,
    },
  };
}
