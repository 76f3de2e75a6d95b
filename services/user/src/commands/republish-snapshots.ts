import { createMongo, mongoSettingsFromEnv } from '@b2b/shared/db';
import { loadUserConfig } from '../config.ts';
import { createOutboxTransaction } from '../events/outbox-transaction.ts';
import { republishSnapshots } from '../events/republish-snapshots.ts';
import { CompanyRepository } from '../repositories/companies.ts';
import { UserRepository } from '../repositories/users.ts';

/**
 * `republish-snapshots`: stages company.updated and member.updated for every company and member
 * (an ECS one-off task in AWS, e.g. after a new consumer was deployed). It only writes the outbox;
 * the running user tasks' relays publish the events.
 */
export async function republishSnapshotsCommand(_argv: string[]): Promise<void> {
  const config = loadUserConfig();
  const mongo = createMongo(mongoSettingsFromEnv({ ...config }, { appName: 'user-republish-snapshots' }));
  try {
    const counts = await republishSnapshots({
      companies: new CompanyRepository(mongo.db),
      users: new UserRepository(mongo.db),
      transaction: createOutboxTransaction(mongo.client, mongo.db),
    });
    process.stdout.write(
      `staged ${counts.companies} company and ${counts.members} member snapshots; the service's relay publishes them\n`,
    );
  } finally {
    await mongo.close();
  }
}
