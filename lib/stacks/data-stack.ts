import type { ServiceName } from '@b2b/shared/catalogue';
import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import {
  type EnvironmentName,
  type EnvironmentProfile,
  platformNames,
} from '../config/deployment-settings.ts';
import { DatabaseBackup } from '../constructs/database-backup.ts';
import { pinLogicalId } from '../constructs/pin-logical-id.ts';
import { ServiceDatabaseUsers } from '../constructs/service-database-users.ts';

/** Not 27017: scanners and scripts probing the default MongoDB port find nothing. */
export const DOCUMENT_DB_PORT = 27117;

/** Logical ids of the stateful resources; a test pins them (a change would replace the database). */
export const dataLogicalIds = {
  cluster: 'DocumentDbCluster',
  key: 'DocumentDbKey',
  secret: 'DocumentDbMasterSecret',
} as const;

export interface DataStackProps extends StackProps {
  readonly envName: EnvironmentName;
  readonly vpc: ec2.IVpc;
  readonly profile: EnvironmentProfile;
  /** Deployed services: each that owns a database gets its own user and secret. */
  readonly services: readonly ServiceName[];
  /** Region of the backup copy vault (BackupCopyStack); none: AWS Backup keeps the copies here only. */
  readonly backupCopyRegion?: string;
}

/** The services build a URI from the password: keep it URI-safe (master and service users). */
const PASSWORD_EXCLUDED_CHARACTERS = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\=,';

/** DocumentDB (database-per-service on one cluster) in the isolated subnets. */
export class DataStack extends Stack {
  readonly cluster: docdb.DatabaseCluster;
  /** username, password, host, port of the master user: read by the users custom resource and the rotations only. */
  readonly secret: secretsmanager.ISecret;
  /** Each database-owning service's own login (readWrite on its database only), rotated every 30 days. */
  readonly serviceSecrets: ReadonlyMap<ServiceName, secretsmanager.ISecret>;
  /** Daily AWS Backup recovery points (30 days), copied to the second region when configured. */
  readonly backup: DatabaseBackup;
  /** Encrypts the cluster storage and the master secret. */
  readonly key: kms.Key;
  /** Tasks that may reach the cluster carry this security group; nothing else can. */
  readonly clientSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { vpc, profile } = props;

    const key = new kms.Key(this, 'Key', {
      description: 'DocumentDB storage and master secret',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pinLogicalId(key, dataLogicalIds.key);
    this.key = key;

    const parameterGroup = new docdb.ClusterParameterGroup(this, 'Parameters', {
      family: 'docdb5.0',
      description: 'TLS required; audit log of authentication, DDL and user management',
      parameters: { tls: 'enabled', audit_logs: 'ddl', profiler: 'disabled' },
    });

    const securityGroup = new ec2.SecurityGroup(this, 'ClusterSecurityGroup', {
      vpc,
      description: 'DocumentDB cluster: reachable only from tasks carrying the client group',
      allowAllOutbound: false,
    });
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ClientSecurityGroup', {
      vpc,
      description: 'Members may connect to DocumentDB (services that own a database)',
      allowAllOutbound: false,
    });

    const clusterName = `b2b-${props.envName}-docdb`;
    // Created here with a retention rather than through `cloudWatchLogsRetention`, which would
    // deploy a log-retention Lambda just to set one number.
    const auditLogs = new logs.LogGroup(this, 'AuditLogs', {
      logGroupName: `/aws/docdb/${clusterName}/audit`,
      retention: profile.logRetentionDays as logs.RetentionDays,
      removalPolicy: profile.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.cluster = new docdb.DatabaseCluster(this, 'Cluster', {
      dbClusterName: clusterName,
      engineVersion: '5.0.0',
      masterUser: {
        username: 'b2badmin',
        excludeCharacters: PASSWORD_EXCLUDED_CHARACTERS,
        kmsKey: key,
      },
      instanceType: new ec2.InstanceType(profile.docDbInstanceClass),
      instances: profile.docDbInstances,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroup,
      port: DOCUMENT_DB_PORT,
      storageEncrypted: true,
      kmsKey: key,
      backup: { retention: profile.backupRetention, preferredWindow: '02:00-03:00' },
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      parameterGroup,
      exportAuditLogsToCloudWatch: true,
      exportProfilerLogsToCloudWatch: false,
      deletionProtection: profile.deletionProtection,
      // Tearing down keeps a final snapshot in every environment; prod keeps the cluster itself.
      removalPolicy: profile.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.SNAPSHOT,
      copyTagsToSnapshot: true,
    });
    pinLogicalId(this.cluster, dataLogicalIds.cluster);
    this.cluster.node.addDependency(auditLogs);
    acknowledgeDocumentDbFindings(this.cluster);
    // `cluster.secret` is the target attachment; the stateful secret is its parent construct.
    this.secret = this.cluster.secret!;
    pinLogicalId(this.cluster.node.findChild('Secret'), dataLogicalIds.secret);

    this.cluster.connections.allowFrom(this.clientSecurityGroup, ec2.Port.tcp(DOCUMENT_DB_PORT), 'services');
    // The rotation function lives in the cluster's subnets and talks to Secrets Manager through
    // the VPC endpoint; CDK opens the cluster port to it.
    this.cluster.addRotationSingleUser(Duration.days(30));

    const users = new ServiceDatabaseUsers(this, 'ServiceUsers', {
      cluster: this.cluster,
      masterSecret: this.secret,
      key,
      vpc,
      services: props.services,
      excludeCharacters: PASSWORD_EXCLUDED_CHARACTERS,
      rotateEvery: Duration.days(30),
      logRetentionDays: profile.logRetentionDays as logs.RetentionDays,
      removalPolicy: profile.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.serviceSecrets = users.secrets;

    this.backup = new DatabaseBackup(this, 'Backup', {
      cluster: this.cluster,
      clusterName,
      key,
      vaultName: platformNames.backupVault(props.envName),
      copyRegion: props.backupCopyRegion,
    });
  }
}

function acknowledgeDocumentDbFindings(cluster: docdb.DatabaseCluster): void {
  const validations = Validations.of(cluster);
  validations.acknowledge({
    id: 'AwsSolutions-DOC3',
    reason:
      'The master credentials are generated into a Secrets Manager secret and passed to the cluster ' +
      'as a dynamic reference; the rule cannot evaluate that intrinsic. The data-stack test asserts it.',
  });
  for (const logExport of ['authenticate', 'createIndex', 'dropCollection']) {
    validations.acknowledge({
      id: `AwsSolutions-DOC5[LogExport::${logExport}]`,
      reason:
        `DocumentDB exports only the "audit" and "profiler" log types; "${logExport}" events are ` +
        'recorded by the audit export with the audit_logs=ddl parameter (both asserted in the data-stack test).',
    });
  }
}
