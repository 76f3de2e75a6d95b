import { beforeAll, describe, expect, it } from 'vitest';
import { platformNames } from '../../lib/config/deployment-settings.ts';
import { DATABASE_BACKUP_VAULT_LOGICAL_ID } from '../../lib/constructs/database-backup.ts';
import {
  type BuiltPlatform,
  buildPlatform,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  settings,
} from './platform-fixture.ts';

interface PlanRule {
  RuleName: string;
  ScheduleExpression: string;
  Lifecycle: { DeleteAfterDays: number };
  CopyActions?: { DestinationBackupVaultArn: unknown; Lifecycle: { DeleteAfterDays: number } }[];
}

let dev: BuiltPlatform;
let prod: BuiltPlatform;

beforeAll(() => {
  dev = buildPlatform(settings({ envName: 'dev' }));
  prod = buildPlatform(settings({ envName: 'prod', backupCopyRegion: 'eu-central-1' }));
}, SYNTH_TIMEOUT_MS);

function ruleOf(platform: BuiltPlatform): PlanRule {
  const [plan] = Object.values(resourcesOf(platform.template('data'), 'AWS::Backup::BackupPlan'));
  const rules = (plan!.Properties!.BackupPlan as { BackupPlanRule: PlanRule[] }).BackupPlanRule;
  expect(rules).toHaveLength(1);
  return rules[0]!;
}

describe('AWS Backup of DocumentDB', () => {
  it('backs the cluster up daily and keeps each recovery point 30 days', () => {
    const rule = ruleOf(prod);
    expect(rule.ScheduleExpression).toBe('cron(0 4 * * ? *)');
    expect(rule.Lifecycle.DeleteAfterDays).toBe(30);
    const [selection] = Object.values(resourcesOf(prod.template('data'), 'AWS::Backup::BackupSelection'));
    expect(JSON.stringify(selection!.Properties!.BackupSelection)).toContain(':cluster:b2b-prod-docdb');
    const vaults = resourcesOf(prod.template('data'), 'AWS::Backup::BackupVault');
    expect(Object.keys(vaults)).toEqual([DATABASE_BACKUP_VAULT_LOGICAL_ID]);
    expect(JSON.stringify(vaults[DATABASE_BACKUP_VAULT_LOGICAL_ID]!.Properties!.EncryptionKeyArn)).toContain(
      'DocumentDbKey',
    );
  });

  it('copies every recovery point to the vault of the same name in the second region, kept 30 days', () => {
    const [copy] = ruleOf(prod).CopyActions ?? [];
    const destination = JSON.stringify(copy?.DestinationBackupVaultArn);
    expect(destination).toContain('arn:aws:backup:eu-central-1:');
    expect(destination).toContain(`:backup-vault:${platformNames.backupVault('prod')}`);
    expect(copy?.Lifecycle.DeleteAfterDays).toBe(30);
    // That vault is a stack of its own, in that region, with its own key.
    const copyStack = prod.stacks.backupCopy!;
    expect(copyStack.region).toBe('eu-central-1');
    const [vault] = Object.values(resourcesOf(prod.template('backupCopy'), 'AWS::Backup::BackupVault'));
    expect(vault!.Properties!.BackupVaultName).toBe(platformNames.backupVault('prod'));
    expect(Object.keys(resourcesOf(prod.template('backupCopy'), 'AWS::KMS::Key'))).toHaveLength(1);
  });

  it('keeps the copies in the region when no second region is configured', () => {
    expect(ruleOf(dev).CopyActions ?? []).toEqual([]);
    expect(dev.stacks.backupCopy).toBeUndefined();
  });
});
