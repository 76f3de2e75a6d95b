/**
 * We cannot run Docker here, so this does what the image does, minus Docker: bundle every live
 * service with tools/bundle (the Dockerfile's build step), then start `node main.mjs` in the
 * bundle directory (the image's CMD) with the container's environment from the CDK services
 * stack (lib/constructs/service-environment.ts), and wait for `/health` and the image's
 * HEALTHCHECK script. What differs from AWS, and why:
 *   - MONGODB_URI points at the embedded server; MONGODB_TLS_CA_FILE / MONGODB_REPLICA_SET are
 *     dropped (DocumentDB-only: the embedded server speaks plain TCP), EVENT_BUS=docstore (no SNS/SQS);
 *   - HOST=127.0.0.1 and free ports instead of 0.0.0.0 and the catalogue ports (shared machine);
 *     SERVICE_URL_* / JWKS_URL of live services point at those ports (no Service Connect here);
 *   - the user service's JWT_KEYS_SECRET_ARN is served by a fake Secrets Manager endpoint
 *     (AWS_ENDPOINT_URL_SECRETS_MANAGER + dummy credentials) holding the placeholder CDK creates;
 *   - ECS secrets delivered by value (SERVICE_CREDENTIAL) are set directly, as ECS would;
 *   - the notification service's SES feedback queue URL names a local port nobody listens on (the
 *     SQS client sends to the queue URL's host): its consumer logs the refused receive and waits.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type EmbeddedServer, startEmbeddedServer } from '@b2b/docdb-local';
import {
  consumers,
  liveServices,
  type ServiceName,
  secretsOfService,
  services,
  serviceUrlEnv,
} from '@b2b/shared/catalogue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEnvironment } from '../../lib/constructs/service-environment.ts';
import { type BundleResult, bundleService, runtimePackages } from '../../tools/bundle/bundle-service.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from './fake-secrets-manager.ts';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');
const region = 'eu-west-1';
const jwtSecretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:JwtSigningKeys-AbCdEf';
/** What CDK writes into the secret (lib/stacks/services-stack.ts): not JSON, "no key set yet". */
const jwtSecretPlaceholder = 'uninitialised';
/** Stands in for a generated secret's value (64 letters and digits in AWS). */
const injectedSecretValue = (id: string) => `${id}-bundle-test-value-0123456789abcdefghijklmnop`;
// User first: the gateway fetches its JWKS and revocation list at start.
const order = [...liveServices()].sort((a, b) => Number(b === 'user') - Number(a === 'user'));

interface Running {
  readonly service: ServiceName;
  readonly port: number;
  readonly process: ChildProcess;
  readonly output: string[];
  readonly bundle: BundleResult;
}

let database: EmbeddedServer;
let secrets: FakeSecretsManager;
let outDir: string;
const running = new Map<ServiceName, Running>();
/** A port that refuses connections (chosen in beforeAll). */
let closedPort: number;
const ports = new Map<ServiceName, number>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function containerEnvironment(service: ServiceName): Record<string, string> {
  const env = serviceEnvironment({
    service,
    region,
    topicArn: `arn:aws:sns:${region}:123456789012:b2b-test-${service}-events`,
    queueUrl: `https://sqs.${region}.amazonaws.com/123456789012/b2b-test-${service}-queue`,
    secretArns: { JwtSigningKeys: jwtSecretArn },
    // As the services stack passes them to the dead-letter admin (notification).
    eventQueues: Object.fromEntries(
      consumers.map((c) => [
        c,
        {
          queueUrl: `https://127.0.0.1:${closedPort}/123456789012/b2b-test-${c}-queue`,
          deadLetterQueueUrl: `https://127.0.0.1:${closedPort}/123456789012/b2b-test-${c}-queue-dlq`,
        },
      ]),
    ),
    corsOrigins: service === 'api-gateway' ? ['https://shop.example.com'] : undefined,
    // As the services stack passes them to a mail-sending service (notification).
    emailSenderIdentity: 'shop.example.com',
    email: {
      configurationSet: 'b2b-test-notifications',
      publicBaseUrl: 'https://shop.example.com',
      feedbackQueueUrl: `https://127.0.0.1:${closedPort}/123456789012/b2b-test-ses-feedback`,
    },
  });
  // What ECS injects from Secrets Manager at task start (the `value` secrets of the catalogue).
  for (const secret of secretsOfService(service)) {
    if (secret.delivery === 'value') env[secret.env] = injectedSecretValue(secret.id);
  }
  delete env.MONGODB_TLS_CA_FILE;
  delete env.MONGODB_REPLICA_SET;
  for (const name of ports.keys()) env[serviceUrlEnv(name)] = `http://127.0.0.1:${ports.get(name)}`;
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...env,
    HOST: '127.0.0.1',
    PORT: String(ports.get(service)),
    JWKS_URL: `http://127.0.0.1:${ports.get('user')}/auth/jwks`,
    MONGODB_URI: database.uri,
    EVENT_BUS: 'docstore',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
    AWS_SECRET_ACCESS_KEY: 'bundle-test-not-a-secret',
  };
}

/** Poll until `/health` answers 200 or the process exits; no fixed sleeps. */
async function waitForHealth(app: Running, deadlineMs: number): Promise<Response> {
  const deadline = Date.now() + deadlineMs;
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) break;
    try {
      const res = await fetch(`http://127.0.0.1:${app.port}${services[app.service].healthPath}`, {
        signal: AbortSignal.timeout(1000),
      });
      if (res.status === 200) return res;
      lastError = `status ${res.status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${app.service} did not become healthy (${lastError}; exit ${app.process.exitCode}).\n` +
      app.output.join('').slice(-4000),
  );
}

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'b2b-bundle-test-'));
  [database, secrets] = await Promise.all([
    startEmbeddedServer(),
    startFakeSecretsManager({ [jwtSecretArn]: jwtSecretPlaceholder }),
  ]);
  for (const service of order) ports.set(service, await freePort());
  closedPort = await freePort();
  for (const service of order) {
    const bundle = await bundleService(service, { repositoryRoot, outDir });
    const child = spawn(process.execPath, ['--enable-source-maps', 'main.mjs'], {
      cwd: bundle.directory,
      env: containerEnvironment(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const app: Running = { service, port: ports.get(service)!, process: child, output, bundle };
    running.set(service, app);
    await waitForHealth(app, 45_000);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(
    [...running.values()].map(
      (app) =>
        new Promise<void>((resolve) => {
          if (app.process.exitCode !== null) return resolve();
          app.process.once('exit', () => resolve());
          app.process.kill('SIGTERM');
        }),
    ),
  );
  await Promise.all([database?.close(), secrets?.close()]);
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}, 60_000);

describe.each(order)('bundled %s started like its container', (service) => {
  it('answers /health with 200', async () => {
    const res = await waitForHealth(running.get(service)!, 5_000);
    expect(res.status).toBe(200);
  });

  it("passes the image's HEALTHCHECK script, which fails once nothing answers", async () => {
    const app = running.get(service)!;
    const healthcheck = (port: number) =>
      promisify(execFile)(process.execPath, ['healthcheck.mjs'], {
        cwd: app.bundle.directory,
        env: { PATH: process.env.PATH ?? '', PORT: String(port) },
      }).then(
        () => 0,
        (err: { code?: number }) => err.code ?? -1,
      );
    expect(await healthcheck(app.port)).toBe(0);
    expect(await healthcheck(await freePort())).toBe(1);
  });

  it('ships one file plus only the runtime packages it imports (and their dependencies)', () => {
    const app = running.get(service)!;
    const files = readdirSync(app.bundle.directory).filter((f) => !f.endsWith('.LEGAL.txt'));
    expect(files.sort()).toEqual(
      [
        'healthcheck.mjs',
        'main.mjs',
        'main.mjs.map',
        ...(app.bundle.copiedPackages.length ? ['node_modules'] : []),
        // The web apps' services carry their built pages.
        ...(services[service].public && service !== 'api-gateway' ? ['public'] : []),
      ].sort(),
    );
    const roots = app.bundle.copiedPackages.filter((name) =>
      (runtimePackages as readonly string[]).includes(name),
    );
    expect(roots.length > 0).toBe(app.bundle.copiedPackages.length > 0);
  });
});

describe.runIf(order.includes('user'))('user service first start in AWS shape', () => {
  it('generated the JWT key set and wrote it to its secret', () => {
    expect(secrets.writes.length).toBeGreaterThanOrEqual(1);
    const written = JSON.parse(secrets.values.get(jwtSecretArn)!) as { keys: unknown[] };
    expect(written.keys.length).toBeGreaterThan(0);
    expect(secrets.writes.every((w) => w.secretId === jwtSecretArn)).toBe(true);
  });

  it('refuses /internal callers without the injected service credential, answers those with it', async () => {
    const url = `http://127.0.0.1:${ports.get('user')}/internal/users/nobody`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, {
      headers: { 'x-service-credential': injectedSecretValue('ServiceCredential') },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('USER_NOT_FOUND');
  });

  it("keeps native argon2 outside the bundle, with this platform's binary", () => {
    const copied = running.get('user')!.bundle.copiedPackages;
    expect(copied).toContain('@node-rs/argon2');
    expect(copied.some((name) => name.startsWith('@node-rs/argon2-linux-'))).toBe(true);
  });
});

describe('bundled web apps serve their built pages', () => {
  it.each([
    ['customer-portal', '/'],
    ['admin-dashboard', '/admin/'],
  ] as const)('%s answers %s with the built index.html and the strict CSP', async (service, base) => {
    const app = running.get(service);
    expect(app, `${service} is live`).toBeDefined();
    const page = await fetch(`http://127.0.0.1:${app!.port}${base}orders/1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = /src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toMatch(new RegExp(`^${base}assets/`));
    const asset = await fetch(`http://127.0.0.1:${app!.port}${script}`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(`http://127.0.0.1:${app!.port}${base}assets/none-00000000.js`);
    expect(missing.status).toBe(404);
  });
});

describe('stopping like ECS does', () => {
  it.each(order)('%s exits with code 0 on SIGTERM', async (service) => {
    const app = running.get(service)!;
    const exited = new Promise<number | null>((resolve) => app.process.once('exit', (code) => resolve(code)));
    app.process.kill('SIGTERM');
    // ECS waits stopTimeout (30 s) before SIGKILL; a clean drain takes far less.
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve('still running after 20 s'), 20_000);
      }),
    ]).finally(() => clearTimeout(timer));
    expect(code, app.output.join('').slice(-2000)).toBe(0);
  });
});
