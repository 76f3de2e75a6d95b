/**
 * A stand-in for the user service's snapshot routes (GET /internal/members/:id and
 * /internal/companies/:id), with the owner's own schemas (`@b2b/user/internal-api`) and the
 * service-credential guard, so the real typed client (src/clients/user-snapshots.ts) calls it over
 * HTTP. The real routes are the user service's tests (internal-snapshots.test.ts).
 */
import { AppError, errors } from '@b2b/shared/errors';
import { createService, type ServiceApp } from '@b2b/shared/http';
import { serviceCallersOnly } from '@b2b/shared/internal';
import { userInternalApi } from '@b2b/user/internal-api';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CompanySnapshot, MemberSnapshot } from '../../src/domain/projections.ts';

export interface UserStandIn {
  app: ServiceApp;
  url: string;
  members: Map<string, MemberSnapshot>;
  companies: Map<string, CompanySnapshot>;
  /** Snapshot calls received. */
  calls: number;
  /** When set, every call answers this status (an outage). */
  failWith: number | null;
  /** Member lookups started (counted before `memberDelayMs`). */
  memberCalls: number;
  /** How long a member lookup takes to answer (a slow user service). */
  memberDelayMs: number;
  close(): Promise<void>;
}

export async function startUserStandIn(port: number, credential: string): Promise<UserStandIn> {
  const app = createService({ name: 'user-stand-in', logLevel: 'silent' });
  const state: UserStandIn = {
    app,
    url: `http://127.0.0.1:${port}`,
    members: new Map(),
    companies: new Map(),
    calls: 0,
    failWith: null,
    memberCalls: 0,
    memberDelayMs: 0,
    close: () => app.close(),
  };
  const answer = <T>(found: T | undefined, what: string): T => {
    state.calls++;
    if (state.failWith) throw new AppError({ status: state.failWith, code: 'STAND_IN_DOWN', detail: 'down' });
    if (!found) throw errors.notFound(what, `${what.toUpperCase()}_NOT_FOUND`);
    return found;
  };
  const { getMemberSnapshot: member, getCompanySnapshot: company } = userInternalApi;
  const routes: FastifyPluginAsyncTypebox = async (internal) => {
    await internal.register(serviceCallersOnly, { credential });
    internal.get(
      '/members/:id',
      { schema: { params: member.params, response: { 200: member.response } } },
      async (r) => {
        state.memberCalls++;
        if (state.memberDelayMs > 0) await new Promise((done) => setTimeout(done, state.memberDelayMs));
        return answer(state.members.get(r.params.id), 'Member');
      },
    );
    internal.get(
      '/companies/:id',
      { schema: { params: company.params, response: { 200: company.response } } },
      async (r) => answer(state.companies.get(r.params.id), 'Company'),
    );
  };
  await app.register(routes, { prefix: '/internal' });
  await app.listen({ port, host: '127.0.0.1' });
  return state;
}
