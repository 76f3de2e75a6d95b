import { AppError, errors } from '@b2b/shared/errors';

/**
 * The user service's domain errors, created in one place with a stable code; the central error
 * handler turns them into problem+json. Messages never say whether an account exists.
 */
export const identityErrors = {
  invalidCredentials: () => errors.unauthorized('Email or password is incorrect', 'INVALID_CREDENTIALS'),
  accountLocked: (retryAfterSeconds: number) =>
    errors.tooManyRequests(retryAfterSeconds, 'Too many failed logins: try again later', 'ACCOUNT_LOCKED'),
  emailTaken: () => errors.conflict('An account with this email already exists', 'EMAIL_TAKEN'),
  weakPassword: (reason: string, path: string) =>
    errors.badRequest(reason, 'WEAK_PASSWORD', [{ path, message: reason }]),
  invalidRefreshToken: () =>
    errors.unauthorized('Refresh token is invalid or expired', 'INVALID_REFRESH_TOKEN'),
  invalidResetToken: () =>
    new AppError({
      status: 400,
      code: 'INVALID_TOKEN',
      detail: 'The link is invalid, expired or already used',
    }),
  tooManyAddresses: (max: number) =>
    errors.conflict(`At most ${max} addresses can be saved`, 'ADDRESS_LIMIT'),
  invitationQuota: (max: number, retryAfterSeconds: number) =>
    errors.tooManyRequests(
      retryAfterSeconds,
      `A company can send at most ${max} invitations per hour`,
      'INVITATION_QUOTA',
    ),
  tooManyMembers: (max: number) =>
    errors.conflict(`A company can have at most ${max} members`, 'MEMBER_LIMIT'),
  memberNotFound: () => errors.notFound('Member', 'MEMBER_NOT_FOUND'),
  userNotFound: () => errors.notFound('User', 'USER_NOT_FOUND'),
  companyNotFound: () => errors.notFound('Company', 'COMPANY_NOT_FOUND'),
  addressNotFound: () => errors.notFound('Address', 'ADDRESS_NOT_FOUND'),
  cannotChangeOwnMembership: () =>
    errors.conflict('Company admins cannot change or remove their own membership', 'OWN_MEMBERSHIP'),
  currencyMismatch: (path: string, companyCurrency: string) =>
    errors.badRequest(`Amounts of this company are in ${companyCurrency}`, 'CURRENCY_MISMATCH', [
      { path, message: `must be in ${companyCurrency}` },
    ]),
  lastAdmin: () =>
    errors.conflict('The last active platform admin cannot be disabled or demoted', 'LAST_ADMIN'),
};
