import { companySnapshot, memberSnapshot } from '../events/snapshots.ts';
import type { Transaction } from './context.ts';
import type { CompanyDoc, UserDoc } from './model.ts';

/** Stages company.updated for the company as just written (call it in the transaction that wrote it). */
export function stageCompanyUpdated(tx: Transaction, company: CompanyDoc): void {
  tx.stage('company.updated', companySnapshot(company));
}

/** Stages member.updated for a company member as just written; a platform admin is not a member. */
export function stageMemberUpdated(tx: Transaction, user: UserDoc): void {
  const snapshot = memberSnapshot(user);
  if (snapshot) tx.stage('member.updated', snapshot);
}

/** Stages member.removed: the deleted member's last state, one version above its last snapshot. */
export function stageMemberRemoved(tx: Transaction, removed: UserDoc, now: Date): void {
  const snapshot = memberSnapshot({ ...removed, version: removed.version + 1, updatedAt: now });
  if (snapshot) tx.stage('member.removed', snapshot);
}
