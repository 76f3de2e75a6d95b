import { errors } from '@b2b/shared/errors';
import type { FastifyRequest } from 'fastify';
import type { CompanyRole } from '../domain/model.ts';

/** The authenticated caller, from a verified, unrevoked access token. */
export interface Caller {
  userId: string;
  companyId: string | null;
  companyRole: CompanyRole | null;
  roles: string[];
  jti: string;
  iat: number;
  exp: number;
}

// Kept beside the request rather than as a decorator: other packages type-augment FastifyRequest
// with their own `caller`, and the user service's shape must not depend on theirs.
const callers = new WeakMap<FastifyRequest, Caller>();

export function setCaller(request: FastifyRequest, caller: Caller): void {
  callers.set(request, caller);
}

export function findCaller(request: FastifyRequest): Caller | undefined {
  return callers.get(request);
}

/** The caller of a route behind `requireAuth`; a programming error elsewhere. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw errors.unauthorized();
  return caller;
}

/** The caller's company, for routes behind `requireCompanyMember`: every company query is scoped by it. */
export function companyScopeOf(request: FastifyRequest): { userId: string; companyId: string } {
  const caller = callerOf(request);
  if (!caller.companyId) throw errors.forbidden('Only company members can do this');
  return { userId: caller.userId, companyId: caller.companyId };
}
