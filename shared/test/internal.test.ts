import { Writable } from 'node:stream';
import { ConfigError, coreSettings, loadConfig } from '@b2b/shared/config';
import { createService, type ServiceApp } from '@b2b/shared/http';
import {
  createInternalClient,
  credentialMatches,
  generateServiceCredential,
  type InternalApi,
  internalPath,
  requireServiceCredential,
  SERVICE_CREDENTIAL_HEADER,
  serviceCallersOnly,
  serviceCredentialSettings,
} from '@b2b/shared/internal';
import { UpstreamError } from '@b2b/shared/resilience';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const credential = generateServiceCredential();
const Thing = Type.Object({ id: Type.String(), size: Type.Integer() }, { additionalProperties: false });
const ThingParams = Type.Object(
  { id: Type.String({ pattern: '^[a-z0-9 ]+$' }) },
  { additionalProperties: false },
);

const thingsApi = {
  getThing: { method: 'GET', path: '/internal/things/:id', params: ThingParams, response: Thing },
  getBroken: { method: 'GET', path: '/internal/broken', response: Thing },
} as const satisfies InternalApi;

const logLines: string[] = [];
let app: ServiceApp;
let baseUrl: string;

/** A service with an /internal folder behind the guard and a public route next to it. */
async function buildThingService(configured: string | undefined): Promise<ServiceApp> {
  const service = createService({
    name: 'things',
    logLevel: 'debug',
    logStream: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    }),
  });
  await service.register(
    async (internal) => {
      await internal.register(serviceCallersOnly, { credential: configured });
      internal.get(
        '/things/:id',
        { schema: { params: ThingParams, response: { 200: Thing } } },
        async (request) => {
          // What a careless handler might log: the redaction list must cover the header.
          request.log.info({ headers: request.headers }, 'internal call');
          return { id: (request.params as { id: string }).id, size: 3 };
        },
      );
      // Answers outside its declared contract (no schema here on purpose: a callee on another version).
      internal.get('/broken', async () => ({ id: 'b', size: 'large' }));
    },
    { prefix: '/internal' },
  );
  service.get('/public', async () => ({ ok: true }));
  return service;
}

beforeAll(async () => {
  app = await buildThingService(credential);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app.close();
});

describe('serviceCallersOnly on /internal', () => {
  const get = (target: ServiceApp, url: string, presented?: string | string[]) =>
    target.inject({
      method: 'GET',
      url,
      headers: presented === undefined ? {} : { [SERVICE_CREDENTIAL_HEADER]: presented },
    });

  it('answers a caller with the credential (positive control)', async () => {
    const res = await get(app, '/internal/things/a1', credential);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a1', size: 3 });
  });

  it('refuses a missing, wrong, truncated or repeated credential with a 401 problem', async () => {
    for (const presented of [
      undefined,
      '',
      'x'.repeat(43),
      credential.slice(0, -1),
      [credential, credential],
    ]) {
      const res = await get(app, '/internal/things/a1', presented);
      expect(res.statusCode, String(presented)).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'SERVICE_CREDENTIAL_REQUIRED' });
    }
  });

  it('refuses before validation: a stranger does not learn which input is malformed', async () => {
    expect((await get(app, '/internal/things/NOT_VALID')).statusCode).toBe(401);
    expect((await get(app, '/internal/things/NOT_VALID', credential)).statusCode).toBe(400);
    expect((await get(app, '/internal/nothing-here')).statusCode).toBe(404);
  });

  it('stays inside the /internal folder: public routes need no credential', async () => {
    expect((await get(app, '/public')).statusCode).toBe(200);
  });

  it('refuses everyone when the service has no credential configured (fail closed)', async () => {
    const unconfigured = await buildThingService(undefined);
    expect((await get(unconfigured, '/internal/things/a1', credential)).statusCode).toBe(401);
    expect((await get(unconfigured, '/public')).statusCode).toBe(200);
    await unconfigured.close();
  });

  it('never writes the credential to a log line', async () => {
    logLines.length = 0;
    expect((await get(app, '/internal/things/a1', credential)).statusCode).toBe(200);
    const logged = logLines.find((l) => l.includes('internal call'));
    expect(logged).toContain(SERVICE_CREDENTIAL_HEADER);
    expect(logLines.join('\n')).not.toContain(credential);
  });

  it('compares the whole value', () => {
    expect(credentialMatches(credential, credential)).toBe(true);
    expect(credentialMatches(credential, `${credential}x`)).toBe(false);
    expect(credentialMatches(credential, undefined)).toBe(false);
    expect(generateServiceCredential()).not.toBe(credential);
    expect(credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('createInternalClient', () => {
  const client = (presented: string) =>
    createInternalClient(thingsApi, {
      name: 'things',
      baseUrl,
      credential: presented,
      timeoutMs: 1_000,
      retry: { retries: 0 },
    });

  it('calls a route by name with typed params and the credential attached', async () => {
    const things = client(credential);
    const thing = await things.call('getThing', { params: { id: 'big one' } });
    // Typed: `thing.size` is a number for the compiler, and it is one at run time.
    const size: number = thing.size;
    expect({ ...thing, size }).toEqual({ id: 'big one', size: 3 });
    things.service.breaker.shutdown();
  });

  it('turns a refused credential into a 502 (the platform is misconfigured, not the end caller)', async () => {
    const things = client(generateServiceCredential());
    const error = await things.call('getThing', { params: { id: 'a1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, code: 'UPSTREAM_REFUSED_SERVICE_CREDENTIAL' });
    things.service.breaker.shutdown();
  });

  it('passes the callee’s own 4xx on and refuses an answer outside the response schema', async () => {
    const things = client(credential);
    await expect(things.call('getThing', { params: { id: 'BAD' } })).rejects.toMatchObject({ status: 400 });
    await expect(things.call('getBroken', {})).rejects.toMatchObject({
      status: 502,
      code: 'UPSTREAM_CONTRACT_VIOLATION',
    });
    things.service.breaker.shutdown();
  });

  it('encodes path parameters and refuses to build a path with one missing', () => {
    expect(internalPath('/internal/users/:id', { id: '../admin?x' })).toBe('/internal/users/..%2Fadmin%3Fx');
    expect(() => internalPath('/internal/users/:id', {})).toThrow(/"id" is missing/);
  });
});

describe('the SERVICE_CREDENTIAL setting', () => {
  const Settings = Type.Object({ ...coreSettings, ...serviceCredentialSettings });
  const load = (env: Record<string, string>) =>
    loadConfig(Settings, {
      env: { SERVICE_NAME: 'user', PORT: '3001', HOST: '0.0.0.0', ...env },
      rules: [requireServiceCredential],
    });

  it('is required in production and accepted when present (positive control)', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/SERVICE_CREDENTIAL/);
    expect(load({ NODE_ENV: 'production', SERVICE_CREDENTIAL: credential }).SERVICE_CREDENTIAL).toBe(
      credential,
    );
  });

  it('refuses a short credential and never prints the value', () => {
    const short = 'short-but-secret-value';
    let error: unknown;
    try {
      load({ NODE_ENV: 'production', SERVICE_CREDENTIAL: short });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['SERVICE_CREDENTIAL']);
    expect(String((error as Error).message)).not.toContain(short);
  });

  it('may be missing outside production (internal routes then refuse everyone)', () => {
    expect(load({ NODE_ENV: 'development' }).SERVICE_CREDENTIAL).toBeUndefined();
  });
});
