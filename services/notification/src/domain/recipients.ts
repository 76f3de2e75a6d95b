/**
 * Who receives a message, as the user service knows them (its /internal routes, through a typed
 * client with a breaker: clients/user-directory.ts). Tests use an in-memory directory.
 */
import type { CompanyRole } from '@b2b/shared/auth';

export interface Recipient {
  /** Null for an address that is not (yet) an account's: never happens today, kept explicit. */
  userId: string | null;
  name: string;
  email: string;
  phone: string | null;
  /** Chooses the template language (the user service's `locale`, `en` when they chose none). */
  locale: string;
}

export interface RecipientDirectory {
  /** An active or invited user; null when unknown or disabled (nobody to tell). */
  user(id: string): Promise<Recipient | null>;
  /** Active members of a company in one role. */
  companyMembers(companyId: string, role: CompanyRole): Promise<Recipient[]>;
  /** Active platform admins. */
  platformAdmins(): Promise<Recipient[]>;
}
