/**
 * The user service's internal API: the schemas its `/internal/*` routes validate with, and
 * `userInternalApi`, the spec other services build their typed client from. Public module:
 * `@b2b/user/internal-api` (package.json `exports`), so callers import the owner's own schemas
 * rather than a copy that could drift.
 */

import { CompanyRole } from '@b2b/shared/auth';
import { eventDataSchemas } from '@b2b/shared/events';
import type { InternalApi } from '@b2b/shared/internal';
import { Type } from 'typebox';
import { Email, Id } from './common.ts';

export const InternalUserParams = Type.Object({ id: Id }, { additionalProperties: false });

/** What another service (notification) needs to address a user: contact details, locale, company. */
export const InternalUser = Type.Object(
  {
    id: Id,
    email: Email,
    name: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()]),
    /** From the user's preferences; `en` when they chose none. */
    locale: Type.String(),
    companyId: Type.Union([Id, Type.Null()]),
    companyRole: Type.Union([CompanyRole, Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('disabled')]),
  },
  { additionalProperties: false },
);

/** Recipients: the active members of a company in one role (approvers, company admins). */
export const CompanyMembersParams = Type.Object({ id: Id }, { additionalProperties: false });
export const CompanyMembersQuery = Type.Object({ role: CompanyRole }, { additionalProperties: false });
/** Recipients: active platform staff with one role (`admin`: low-stock alerts, quote requests). */
export const PlatformUsersQuery = Type.Object(
  { role: Type.Literal('admin') },
  { additionalProperties: false },
);
/** Bounded lists: a company's member cap, the platform's staff cap (see domain/recipients.ts). */
export const InternalUserList = Type.Object(
  { items: Type.Array(InternalUser) },
  { additionalProperties: false },
);

/**
 * Snapshots on demand, in the very shape of company.updated / member.updated (events.md), for a
 * consumer whose projection has not seen the entity yet: the order service deciding the first
 * checkout of a buyer who registered a moment ago, before the member's event has reached it.
 */
export const SnapshotParams = Type.Object({ id: Id }, { additionalProperties: false });

export const userInternalApi = {
  getMemberSnapshot: {
    method: 'GET',
    path: '/internal/members/:id',
    params: SnapshotParams,
    response: eventDataSchemas['member.updated'],
  },
  getCompanySnapshot: {
    method: 'GET',
    path: '/internal/companies/:id',
    params: SnapshotParams,
    response: eventDataSchemas['company.updated'],
  },
  getUser: { method: 'GET', path: '/internal/users/:id', params: InternalUserParams, response: InternalUser },
  listCompanyMembers: {
    method: 'GET',
    path: '/internal/companies/:id/members',
    params: CompanyMembersParams,
    querystring: CompanyMembersQuery,
    response: InternalUserList,
  },
  listPlatformUsers: {
    method: 'GET',
    path: '/internal/users',
    querystring: PlatformUsersQuery,
    response: InternalUserList,
  },
} as const satisfies InternalApi;
