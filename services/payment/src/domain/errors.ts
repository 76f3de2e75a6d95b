import { AppError, errors } from '@b2b/shared/errors';

/** The payment service's domain errors, created once with a stable code (problem+json). */
export const paymentErrors = {
  paymentNotFound: () => errors.notFound('Payment', 'PAYMENT_NOT_FOUND'),
  invoiceNotFound: () => errors.notFound('Invoice', 'INVOICE_NOT_FOUND'),
  creditAccountNotFound: () =>
    errors.notFound('Credit account (no company snapshot received yet)', 'CREDIT_ACCOUNT_NOT_FOUND'),
  refundExceedsCaptured: () =>
    errors.conflict(
      'The refund is more than what was captured and not yet refunded',
      'REFUND_EXCEEDS_CAPTURED',
    ),
  notRefundable: (status: string) =>
    errors.conflict(`A ${status} payment cannot be refunded`, 'PAYMENT_NOT_REFUNDABLE'),
  currencyMismatch: (currency: string) =>
    errors.badRequest(`The payment is in ${currency}`, 'CURRENCY_MISMATCH', [
      { path: '/amount/currency', message: `must be ${currency}` },
    ]),
  invoiceAlreadyPaid: () => errors.conflict('The invoice is already paid', 'INVOICE_ALREADY_PAID'),
  providerUnavailable: () =>
    new AppError({
      status: 503,
      code: 'PROVIDER_UNAVAILABLE',
      detail: 'The payment provider did not answer; try again with the same Idempotency-Key',
      headers: { 'retry-after': '5' },
    }),
  providerRefused: () =>
    new AppError({
      status: 502,
      code: 'PROVIDER_REFUSED',
      detail: 'The payment provider refused the refund',
    }),
};
