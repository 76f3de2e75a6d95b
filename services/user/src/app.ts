import { authPlugin } from '@b2b/shared/auth';
import { createService, type ServiceApp } from '@b2b/shared/http';
import type { Db } from 'mongodb';
import type { DestinationStream } from 'pino';
import type { IdentityContext, RunInTransaction } from './domain/context.ts';
import { createUserServiceVerifier } from './http/authentication.ts';
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
  /** The expired-lock sweeper; off in tests that do not want a timer. Default on. */
  sweepLocks?: boolean;
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
  const ctx: IdentityContext = {
    repos: {
      users: new UserRepository(deps.db),
      companies: new CompanyRepository(deps.db),
      addresses: new AddressRepository(deps.db),
      refreshTokens: new RefreshTokenRepository(deps.db),
      oneTimeTokens: new OneTimeTokenRepository(deps.db),
      revocations: new RevocationRepository(deps.db),
      loginThrottle: new LoginThrottleRepository(deps.db),
      invitationQuota: new InvitationQuotaRepository(deps.db),
    },
    hasher: deps.hasher ?? (await createPasswordHasher(deps.argon2Cost)),
    keyRing: typeof keyRing === 'function' ? keyRing : () => keyRing,
    now: deps.now ?? (() => new Date()),
    transaction: deps.transaction,
    log: app.log.child({ component: 'identity' }),
  };

  // Application plugins (decorators that escape encapsulation), then route folders.
  await app.register(identityPlugin, { ctx, sweepLocks: deps.sweepLocks });
  await app.register(authPlugin, { verifier: createUserServiceVerifier(ctx) });
  await app.register(authRoutes, { prefix: '/auth', ctx });
  await app.register(userRoutes, { prefix: '/users', ctx });
  await app.register(companyRoutes, { prefix: '/companies', ctx });
  await app.register(adminRoutes, { prefix: '/admin', ctx });
  await app.register(internalRoutes, { prefix: '/internal', ctx, serviceCredential: deps.serviceCredential });
  return app;
}
