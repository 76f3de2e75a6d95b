/**
 * AWS Backup for the DocumentDB cluster: a daily snapshot kept 30 days, copied to a vault in a
 * second region when one is configured. Besides the cluster's own automated backups
 * (point-in-time restore within `backupRetention`), which live in the cluster's region only.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as docdb from 'aws-cdk-lib/aws-docdb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { pinLogicalId } from './pin-logical-id.ts';

/** Pinned: the vault holds the recovery points, a replacement would orphan them. */
export const DATABASE_BACKUP_VAULT_LOGICAL_ID = 'DocumentDbBackupVault';

/** How long AWS Backup keeps each daily recovery point, here and in the copy region. */
export const BACKUP_RETENTION = Duration.days(30);

export interface DatabaseBackupProps {
  readonly cluster: docdb.DatabaseCluster;
  readonly clusterName: string;
  readonly key: kms.IKey;
  readonly vaultName: string;
  /** Region of the copy vault (BackupCopyStack, same vault name); none: no copy. */
  readonly copyRegion?: string;
}

export class DatabaseBackup extends Construct {
  readonly plan: backup.BackupPlan;
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(this.vault, DATABASE_BACKUP_VAULT_LOGICAL_ID);
    const copyVault = props.copyRegion
      ? backup.BackupVault.fromBackupVaultArn(
          this,
          'CopyVault',
          stack.formatArn({
            service: 'backup',
            region: props.copyRegion,
            resource: 'backup-vault',
            resourceName: props.vaultName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        )
      : undefined;

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.vaultName,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          // 04:00 UTC: after the cluster's own backup window (02:00-03:00), before the maintenance window.
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '4' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: BACKUP_RETENTION,
          copyActions: copyVault
            ? [{ destinationBackupVault: copyVault, deleteAfter: BACKUP_RETENTION }]
            : [],
        }),
      ],
    });
    const selection = this.plan.addSelection('DocumentDb', {
      resources: [
        backup.BackupResource.fromArn(
          stack.formatArn({
            service: 'rds',
            resource: 'cluster',
            resourceName: props.clusterName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      ],
    });
    // The cluster must exist before AWS Backup is told to protect it.
    selection.node.addDependency(props.cluster);
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: "AWS Backup's own service role policy for taking backups; AWS maintains the list of actions.",
    });
  }
}
