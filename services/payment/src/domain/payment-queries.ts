/** Reading payments: members see their own company's, platform admins everyone's. */
import type { PageRequest } from '@b2b/shared/db';
import type { PaymentContext } from './context.ts';
import { paymentErrors } from './errors.ts';
import type { PaymentDoc } from './model.ts';

/** undefined companyId = a platform admin. */
export interface PaymentReader {
  companyId?: string;
}

export function listPayments(
  ctx: PaymentContext,
  reader: PaymentReader,
  query: PageRequest & { orderId?: string },
) {
  return ctx.repos.payments.list({ ...query, ...(reader.companyId ? { companyId: reader.companyId } : {}) });
}

export async function getPayment(
  ctx: PaymentContext,
  reader: PaymentReader,
  id: string,
): Promise<PaymentDoc> {
  const payment = await ctx.repos.payments.findById(id);
  // Another company's payment is a 404, never a 403 that would confirm it exists.
  if (!payment || (reader.companyId !== undefined && payment.companyId !== reader.companyId)) {
    throw paymentErrors.paymentNotFound();
  }
  return payment;
}
