import { authenticatedUser, companyScope } from '@b2b/shared/auth';
import { errors } from '@b2b/shared/errors';
import type { FastifyRequest } from 'fastify';

export const isPlatformAdmin = (request: Pick<FastifyRequest, 'auth'>) =>
  authenticatedUser(request).roles.includes('admin');

/** Whose records the caller may read: a platform admin every company's (`{}`), a member their own. */
export function readerOf(request: Pick<FastifyRequest, 'auth'>): { companyId?: string } {
  return isPlatformAdmin(request) ? {} : companyScope(request);
}

/** preHandler: invoices are for platform admins and company_admins (401 without a caller, else 403). */
export async function requireInvoiceReader(request: Pick<FastifyRequest, 'auth'>): Promise<void> {
  const user = authenticatedUser(request);
  if (user.roles.includes('admin')) return;
  if (user.companyId && user.companyRole === 'company_admin') return;
  throw errors.forbidden('Invoices are for company admins and platform admins', 'INVOICE_READER_REQUIRED');
}
