import { authenticatedUser } from '@b2b/shared/auth';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/context.ts';

/** The company member behind a request (the route folder's guard has checked the company role). */
export function callerOf(request: Pick<FastifyRequest, 'auth'>): Caller {
  const user = authenticatedUser(request);
  // requireCompanyRole ran first: both are set.
  return { userId: user.id, companyId: user.companyId!, companyRole: user.companyRole! };
}
