import { startRevocationReader } from '@b2b/shared/auth';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { IdentityContext, Repositories, RunInTransaction } from './domain/context.ts';
import type { CreditLedger } from './domain/credit-ledger.ts';
import { createUserServiceAuth } from './http/authentication.ts';
import type { BrowserSessionOptions } from './http/browser-session.ts';
import { type Argon2Cost, createPasswordHasher, type PasswordHasher } from './passwords/hasher.ts';
import { identityPlugin } from './plugins/identity.ts';
import { AddressRepository } from './repositories/addresses.ts';
import { CompanyRepository } from './repositories/companies.ts';
import { InvitationQuotaRepository } from './repositories/invitation-quota.ts';
import { LoginThrottleRepository } from './repositories/login-throttle.ts';
import { OneTimeTokenRepository } from './repositories/one-time-tokens.ts';
import { RefreshTokenRepository } from './repositories/refresh-tokens.ts';
import { RevocationRepository } from './repositories/revocations.ts';
import { UserRepository } from './repositories/users.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { companyRoutes } from './routes/companies.ts';
import { internalRoutes } from './routes/internal.ts';
import { sessionRoutes } from './routes/session.ts';
import { userRoutes } from './routes/users.ts';
import type { SigningKeyRing } from './tokens/signing-keys.ts';

export interface UserServiceDeps {
  db: Db;
  /** The signing keys; a function when main.ts reloads them after a rotation. */
  keyRing: SigningKeyRing | (() => SigningKeyRing);
  /** Writes state and its events together (the outbox); see events/outbox-transaction.ts. */
  transaction: RunInTransaction;
  /** Defaults to argon2id at the OWASP baseline; tests may pass cheaper parameters. */
  argon2Cost?: Argon2Cost;
  hasher?: PasswordHasher;
  now?: () => Date;
  logLevel?: string;
  /** Where JSON log lines go (tests inspect them); stdout by default. */
  logStream?: DestinationStream;
  /** SERVICE_CREDENTIAL: callers of /internal/* must present it; undefined refuses them all. */
  serviceCredential: string | undefined;
  /** creditUsed of companies (main.ts: the payment service's internal API). */
  credit: CreditLedger;
  /** The expired-lock sweeper; off in tests that do not want a timer. Default on. */
  sweepLocks?: boolean;
  /** How often this task re-reads the revocation feed from the database (default 1 s). */
  revocationPollMs?: number;
  /** Past this age of its revocation copy (database down) tokens get 503 (default 10 s). */
  revocationMaxStalenessMs?: number;
  /** Cookie sessions of the web apps; by default no origin is allowed (fail closed) and cookies are Secure. */
  browserSessions?: BrowserSessionOptions;
}

/** The user service: identity, companies and members, tokens. Used by main.ts, tests and benches. */
export async function buildApp(deps: UserServiceDeps): Promise<ServiceApp> {
  const app = createService({
    name: 'user',
    logLevel: deps.logLevel,
    logStream: deps.logStream,
    openapi: {
      title: 'User service',
      version: '1.0.0',
      description: 'Users, companies and members, credentials, tokens, addresses and roles',
    },
  });
  const keyRing = deps.keyRing;
  const now = deps.now ?? (() => new Date());
  const repos: Repositories = {
    users: new UserRepository(deps.db),
    companies: new CompanyRepository(deps.db),
    addresses: new AddressRepository(deps.db),
    refreshTokens: new RefreshTokenRepository(deps.db),
    oneTimeTokens: new OneTimeTokenRepository(deps.db),
    revocations: new RevocationRepository(deps.db, () => now().getTime()),
    loginThrottle: new LoginThrottleRepository(deps.db),
    invitationQuota: new InvitationQuotaRepository(deps.db),
  };
  // This task's copy of its own revocation feed, read from the database (no HTTP to itself).
  const revocationCache = startRevocationReader({
    source: repos.revocations.feed.source,
    intervalMs: deps.revocationPollMs ?? 1_000,
    log: app.log.child({ component: 'revocations' }),
    // Real time, not the service clock: it measures how old the copy is, and entries expire with
    // their tokens, whose expiry the verifier checks in real time too.
  });
  app.addHook('onClose', async () => revocationCache.stop());
  // Serve tokens only after the first load; a database that is down then leaves it not ready.
  app.addHook('onReady', async () => void (await revocationCache.refresh()));
  registerFeedReadiness(app.readiness, revocationCache);
  const ctx: IdentityContext = {
    repos,
    hasher: deps.hasher ?? (await createPasswordHasher(deps.argon2Cost)),
    keyRing: typeof keyRing === 'function' ? keyRing : () => keyRing,
    now,
    transaction: deps.transaction,
    log: app.log.child({ component: 'identity' }),
    credit: deps.credit,
    revocationCache,
  };

  // Application plugins (decorators that escape encapsulation), then route folders.
  await app.register(identityPlugin, { ctx, sweepLocks: deps.sweepLocks });
  const auth = createUserServiceAuth(ctx, deps.revocationMaxStalenessMs ?? 10_000);
  await app.register(auth.plugin);
  await app.register(authRoutes, { prefix: '/auth', ctx });
  await app.register(sessionRoutes, {
    prefix: '/auth/session',
    ctx,
    browser: deps.browserSessions ?? { allowedOrigins: [], secureCookies: true },
  });
  await app.register(userRoutes, { prefix: '/users', ctx });
  await app.register(companyRoutes, { prefix: '/companies', ctx });
  await app.register(adminRoutes, { prefix: '/admin', ctx });
  await app.register(internalRoutes, { prefix: '/internal', ctx, serviceCredential: deps.serviceCredential });
  return app;
}
