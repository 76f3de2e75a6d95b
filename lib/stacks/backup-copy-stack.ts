import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { type EnvironmentName, platformNames } from '../config/deployment-settings.ts';

export interface BackupCopyStackProps extends StackProps {
  readonly envName: EnvironmentName;
}

/**
 * The vault in the second region that receives a copy of every DocumentDB backup (context
 * `backupCopyRegion`): a region-wide outage or a lost primary vault still leaves a recovery point.
 * Its own key, because KMS keys are regional. The data stack names it by ARN (a cross-region
 * reference CloudFormation cannot export).
 */
export class BackupCopyStack extends Stack {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'VaultKey', {
      description: 'Copies of the DocumentDB backups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: platformNames.backupVault(props.envName),
      encryptionKey: key,
      // Recovery points outlive a torn-down stack; they expire by the plan's lifecycle.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
