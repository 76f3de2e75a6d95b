import type { RevocationEntry } from '@b2b/shared/auth';
import type { EventPayloads } from '@b2b/shared/catalogue';
import type { EventsProducedBy } from '@b2b/shared/events';
import type { FeedReader } from '@b2b/shared/feeds';
import type { ClientSession } from 'mongodb';
import type { PasswordHasher } from '../passwords/hasher.ts';
import type { AddressRepository } from '../repositories/addresses.ts';
import type { CompanyRepository } from '../repositories/companies.ts';
import type { InvitationQuotaRepository } from '../repositories/invitation-quota.ts';
import type { LoginThrottleRepository } from '../repositories/login-throttle.ts';
import type { OneTimeTokenRepository } from '../repositories/one-time-tokens.ts';
import type { RefreshTokenRepository } from '../repositories/refresh-tokens.ts';
import type { RevocationRepository } from '../repositories/revocations.ts';
import type { UserRepository } from '../repositories/users.ts';
import type { SigningKeyRing } from '../tokens/signing-keys.ts';
import type { CreditLedger } from './credit-ledger.ts';

/** The events the user service publishes, from the catalogue. */
export type UserEventType = EventsProducedBy<'user'>;

/** A transaction in which state changes and the events they cause are written together. */
export interface Transaction {
  session: ClientSession;
  stage<K extends UserEventType>(type: K, data: EventPayloads[K]): void;
}

/** Runs `work` in a transaction whose staged events land in the outbox on commit. */
export type RunInTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

export interface Repositories {
  users: UserRepository;
  companies: CompanyRepository;
  addresses: AddressRepository;
  refreshTokens: RefreshTokenRepository;
  oneTimeTokens: OneTimeTokenRepository;
  revocations: RevocationRepository;
  loginThrottle: LoginThrottleRepository;
  invitationQuota: InvitationQuotaRepository;
}

/** What to log; never an email, password or token — only ids. */
export interface SecurityLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Everything the use cases need, built once by buildApp from its deps. */
export interface IdentityContext {
  repos: Repositories;
  hasher: PasswordHasher;
  /** A function: the ring is reloaded when keys rotate. */
  keyRing: () => SigningKeyRing;
  now: () => Date;
  transaction: RunInTransaction;
  log: SecurityLog;
  /** This task's copy of the revocation feed: every request's token is checked against it. */
  revocationCache: FeedReader<RevocationEntry>;
  /** The payment service's ledger: where a company's creditUsed comes from. */
  credit: CreditLedger;
}
