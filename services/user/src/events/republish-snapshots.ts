/**
 * Republishes the current snapshot of every company and member (events.md), so a consumer that
 * starts late, or rebuilds its projection, can fill it. Versions are not changed: a consumer that
 * already has a snapshot keeps it (apply if newer), a new one gets it.
 * Runs at local start-up and as the `republish-snapshots` operator command in AWS.
 */
import type { RunInTransaction } from '../domain/context.ts';
import type { CompanyDoc, UserDoc } from '../domain/model.ts';
import { stageCompanyUpdated, stageMemberUpdated } from '../domain/snapshot-events.ts';
import type { CompanyRepository } from '../repositories/companies.ts';
import type { UserRepository } from '../repositories/users.ts';

/** Snapshots per transaction: bounded, so a large tenant list never makes one huge transaction. */
const BATCH = 100;

export interface RepublishDeps {
  companies: CompanyRepository;
  users: UserRepository;
  transaction: RunInTransaction;
}

export async function republishSnapshots(
  deps: RepublishDeps,
): Promise<{ companies: number; members: number }> {
  // Documents written before versions existed get version 1, so every snapshot has one.
  await deps.companies.collection.updateMany({ version: { $exists: false } }, { $set: { version: 1 } });
  await deps.users.collection.updateMany({ version: { $exists: false } }, { $set: { version: 1 } });
  const companies = await inBatches(deps, deps.companies.all(), (tx, company: CompanyDoc) =>
    stageCompanyUpdated(tx, company),
  );
  const members = await inBatches(deps, deps.users.allMembers(), (tx, member: UserDoc) =>
    stageMemberUpdated(tx, member),
  );
  return { companies, members };
}

async function inBatches<T>(
  deps: RepublishDeps,
  docs: AsyncIterable<T>,
  stage: (tx: Parameters<Parameters<RunInTransaction>[0]>[0], doc: T) => void,
): Promise<number> {
  let batch: T[] = [];
  let count = 0;
  const flush = async () => {
    const current = batch;
    batch = [];
    if (current.length === 0) return;
    await deps.transaction(async (tx) => {
      for (const doc of current) stage(tx, doc);
    });
    count += current.length;
  };
  for await (const doc of docs) {
    batch.push(doc);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}
