import { serviceNames, serviceUrlEnv } from '@b2b/shared/catalogue';
import { generateServiceCredential } from '@b2b/shared/internal';
import { describe, expect, it } from 'vitest';
import { OptionsError, parseOptions } from '../src/options.ts';
import { buildServiceEnv } from '../src/service-env.ts';

const parentEnv = {
  PATH: '/usr/bin',
  HOME: '/home/dev',
  LOG_LEVEL: 'debug',
  AWS_SECRET_ACCESS_KEY: 'do-not-leak',
  AWS_ACCESS_KEY_ID: 'AKIA-do-not-leak',
  NODE_ENV: 'production',
  JWT_PRIVATE_KEY: 'do-not-leak',
};

describe('service environment', () => {
  const env = buildServiceEnv({
    service: 'user',
    mongoUri: 'mongodb://127.0.0.1:27018/',
    dataDir: '/repo/.data',
    portOffset: 0,
    lbPort: 8080,
    serviceCredential: 'local-service-credential-of-at-least-32-chars',
    parentEnv,
  });

  it('follows the environment contract with local endpoints', () => {
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      SERVICE_NAME: 'user',
      PORT: '3001',
      HOST: '127.0.0.1',
      MONGODB_URI: 'mongodb://127.0.0.1:27018/',
      MONGODB_DB_NAME: 'user',
      EVENT_BUS: 'docstore',
      EVENT_BUS_MONGODB_URI: 'mongodb://127.0.0.1:27018/',
      JWKS_URL: 'http://127.0.0.1:3001/auth/jwks',
      DATA_DIR: '/repo/.data',
      SERVICE_URL_USER: 'http://127.0.0.1:3001',
      SERVICE_URL_API_GATEWAY: 'http://127.0.0.1:3000',
      SERVICE_URL_CUSTOMER_PORTAL: 'http://127.0.0.1:3008',
    });
  });

  it("gives every service the same service credential, and never the shell's own", () => {
    const credential = generateServiceCredential();
    for (const service of serviceNames) {
      const child = buildServiceEnv({
        service,
        mongoUri: 'mongodb://x/',
        dataDir: '/d',
        portOffset: 0,
        lbPort: 8080,
        serviceCredential: credential,
        parentEnv: { SERVICE_CREDENTIAL: 'from-the-developer-shell-do-not-leak' },
      });
      expect(child.SERVICE_CREDENTIAL, service).toBe(credential);
    }
  });

  it('has a URL for every catalogue service', () => {
    for (const name of serviceNames) expect(env[serviceUrlEnv(name)]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps what Node needs and the developer chose, and nothing else from the shell', () => {
    expect(env.PATH).toBe('/usr/bin');
    expect(env.LOG_LEVEL).toBe('debug');
    expect(env.NODE_ENV).toBe('development');
    expect(JSON.stringify(env)).not.toContain('do-not-leak');
  });

  it("passes the gateway's rate limits through when the shell sets them, and only then", () => {
    const input = {
      service: 'api-gateway' as const,
      mongoUri: 'mongodb://x/',
      dataDir: '/d',
      portOffset: 0,
      lbPort: 8080,
      serviceCredential: 'local-service-credential-of-at-least-32-chars',
    };
    const raised = buildServiceEnv({
      ...input,
      parentEnv: { RATE_LIMIT_USER_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2000000' },
    });
    expect(raised.RATE_LIMIT_USER_PER_MINUTE).toBe('1000000');
    expect(raised.RATE_LIMIT_ANONYMOUS_PER_MINUTE).toBe('2000000');
    // Control: without them in the shell the gateway keeps its own defaults (nothing set).
    const plain = buildServiceEnv({ ...input, parentEnv: {} });
    expect(plain.RATE_LIMIT_USER_PER_MINUTE).toBeUndefined();
    expect(plain.RATE_LIMIT_ANONYMOUS_PER_MINUTE).toBeUndefined();
  });

  it('moves every port by PORT_OFFSET and gives the gateway the load balancer as CORS origin', () => {
    const gateway = buildServiceEnv({
      service: 'api-gateway',
      mongoUri: 'mongodb://x/',
      dataDir: '/d',
      portOffset: 20_000,
      lbPort: 18_080,
      serviceCredential: 'local-service-credential-of-at-least-32-chars',
      parentEnv: {},
    });
    expect(gateway.PORT).toBe('23000');
    expect(gateway.SERVICE_URL_USER).toBe('http://127.0.0.1:23001');
    expect(gateway.JWKS_URL).toBe('http://127.0.0.1:23001/auth/jwks');
    const browserOrigins =
      'http://localhost:18080,http://127.0.0.1:18080,http://localhost:5173,http://localhost:5174';
    expect(gateway.CORS_ORIGINS).toBe(browserOrigins);
    const userInput = () => ({
      service: 'user' as const,
      mongoUri: 'mongodb://x/',
      dataDir: '/d',
      portOffset: 20_000,
      lbPort: 18_080,
      serviceCredential: 'local-service-credential-of-at-least-32-chars',
      parentEnv: {},
    });
    const user = buildServiceEnv(userInput());
    // The user service checks browser-session Origins against the same list.
    expect(user.CORS_ORIGINS).toBe(browserOrigins);
    const portal = buildServiceEnv({ ...userInput(), service: 'customer-portal' as const });
    expect(portal.CORS_ORIGINS).toBeUndefined();
  });
});

describe('a bus address of its own', () => {
  const input = {
    service: 'order' as const,
    mongoUri: 'mongodb://127.0.0.1:27018/',
    dataDir: '/repo/.data',
    portOffset: 0,
    lbPort: 8080,
    serviceCredential: 'local-service-credential-of-at-least-32-chars',
    parentEnv,
  };

  it('points EVENT_BUS_MONGODB_URI at it and keeps MONGODB_URI on the database', () => {
    const env = buildServiceEnv({ ...input, eventBusUri: 'mongodb://127.0.0.1:23522/' });
    expect(env.EVENT_BUS_MONGODB_URI).toBe('mongodb://127.0.0.1:23522/');
    expect(env.MONGODB_URI).toBe('mongodb://127.0.0.1:27018/');
  });

  it('falls back to the database address without one', () => {
    expect(buildServiceEnv(input).EVENT_BUS_MONGODB_URI).toBe('mongodb://127.0.0.1:27018/');
  });

  it('comes from EVENT_BUS_MONGODB_URI, and the status file from its flag or RUNNER_STATUS_FILE', () => {
    const opts = parseOptions(
      ['--status-file', 'run/status.json'],
      { EVENT_BUS_MONGODB_URI: ' mongodb://h:1/ ' },
      '/r',
    );
    expect(opts).toMatchObject({ eventBusUri: 'mongodb://h:1/', statusFile: '/r/run/status.json' });
    expect(parseOptions([], { RUNNER_STATUS_FILE: '/tmp/s.json' }, '/r').statusFile).toBe('/tmp/s.json');
    expect(parseOptions([], {}, '/r')).toMatchObject({ eventBusUri: undefined, statusFile: undefined });
  });
});

describe('runner options', () => {
  it('reads ports from flags before the environment', () => {
    const opts = parseOptions(
      ['--lb-port', '9090'],
      { LB_PORT: '7070', DB_PORT: '27100', PORT_OFFSET: '5' },
      '/r',
    );
    expect(opts).toMatchObject({ lbPort: 9090, dbPort: 27100, portOffset: 5, dataDir: '/r/.data' });
  });

  it('defaults to 8080 and .data/', () => {
    expect(parseOptions([], {}, '/r')).toMatchObject({ lbPort: 8080, portOffset: 0, dataDir: '/r/.data' });
  });

  it('names the variable when a port is not a port', () => {
    expect(() => parseOptions([], { LB_PORT: 'eighty' }, '/r')).toThrow(OptionsError);
    expect(() => parseOptions([], { LB_PORT: 'eighty' }, '/r')).toThrow(/LB_PORT/);
    expect(() => parseOptions([], { PORT_OFFSET: '70000' }, '/r')).toThrow(/PORT_OFFSET/);
    expect(() => parseOptions(['--bogus'], {}, '/r')).toThrow(OptionsError);
  });
});
