import { AppError, errors } from '@b2b/shared/errors';
import type { QuoteStatus } from '../repositories/quotes.ts';

/** The quotes' domain errors, created once with a stable code (problem+json via the handler). */
export const quoteErrors = {
  notFound: () => errors.notFound('Quote', 'QUOTE_NOT_FOUND'),
  invalidState: (status: QuoteStatus | string, action: string) =>
    errors.conflict(`A quote that is ${status} cannot be ${action}`, 'INVALID_QUOTE_STATE'),
  expired: (validUntil: Date) =>
    errors.conflict(
      `The offer was valid until ${validUntil.toISOString()}; ask for a new one`,
      'QUOTE_EXPIRED',
    ),
  notRequester: () =>
    errors.forbidden(
      'Only the requester or a company admin can accept or decline this quote',
      'NOT_QUOTE_REQUESTER',
    ),
  closed: (status: QuoteStatus) =>
    errors.conflict(`The quote is ${status}; its thread is closed`, 'QUOTE_CLOSED'),
  tooManyMessages: (max: number) =>
    errors.conflict(`A quote's thread holds at most ${max} messages`, 'QUOTE_THREAD_FULL'),
  currency: (path: string, currency: string) =>
    errors.badRequest(`Prices are in ${currency}`, 'CURRENCY_MISMATCH', [
      { path, message: `must be ${currency}` },
    ]),
  validity: () =>
    errors.badRequest('validUntil must be in the future (and within a year)', 'INVALID_VALIDITY', [
      { path: '/validUntil', message: 'must be in the future and within a year' },
    ]),
  lines: (problems: { path: string; message: string }[]) =>
    new AppError({
      status: 400,
      code: 'QUOTE_LINES',
      detail: 'Some lines cannot be quoted',
      errors: problems,
    }),
};
