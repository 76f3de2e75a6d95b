/**
 * Database-per-service, enforced: one DocumentDB user per service that owns a database, with
 * readWrite on that database only, its own Secrets Manager secret (host, port, username, password)
 * and multi-user rotation. A custom resource (lib/lambda/database-users) logs in with the master
 * secret and creates the users; the services never see the master secret.
 */
import path from 'node:path';
import { type ServiceName, services } from '@b2b/shared/catalogue';
import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { DatabaseUsersProperties } from '../lambda/database-users/handler.ts';
import { acknowledgeWildcards, nagRef } from './nag-acknowledgements.ts';
import { pinLogicalId } from './pin-logical-id.ts';

/** Login of a service on the cluster: its catalogue name, letters and digits only. */
export function databaseUsername(service: ServiceName): string {
  return service.replace(/[^A-Za-z0-9]/g, '');
}

/** Pinned logical id of a service's database secret (stateful: replacing it changes the login). */
export function databaseUserSecretLogicalId(service: ServiceName): string {
  return `DocumentDbUser${databaseUsername(service)}Secret`;
}

/** Optional modules the mongodb driver loads only when configured (Kerberos, compression, KMS…). */
const MONGODB_OPTIONAL_MODULES = [
  'kerberos',
  'snappy',
  '@mongodb-js/zstd',
  'mongodb-client-encryption',
  'gcp-metadata',
  'socks',
  'aws4',
];

export interface ServiceDatabaseUsersProps {
  readonly cluster: docdb.DatabaseCluster;
  /** The master secret (attached to the cluster): only the custom resource and rotations read it. */
  readonly masterSecret: secretsmanager.ISecret;
  readonly key: kms.IKey;
  readonly vpc: ec2.IVpc;
  /** Deployed services; those whose catalogue entry owns a database get a user. */
  readonly services: readonly ServiceName[];
  /** Characters the generated passwords avoid (the services build a URI from them). */
  readonly excludeCharacters: string;
  readonly rotateEvery: Duration;
  readonly logRetentionDays: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class ServiceDatabaseUsers extends Construct {
  /** Each service's own secret (attached to the cluster: host and port included). */
  readonly secrets: ReadonlyMap<ServiceName, secretsmanager.ISecret>;
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceDatabaseUsersProps) {
    super(scope, id);
    const { cluster } = props;
    const owners = props.services.filter((name) => services[name].database);

    const secrets = new Map<ServiceName, secretsmanager.ISecret>();
    for (const name of owners) {
      const secret = new docdb.DatabaseSecret(this, `Secret-${name}`, {
        username: databaseUsername(name),
        encryptionKey: props.key,
        // `masterarn` in the secret: the multi-user rotation logs in as master to create the clone.
        masterSecret: props.masterSecret,
        excludeCharacters: props.excludeCharacters,
      });
      secret.applyRemovalPolicy(props.removalPolicy);
      pinLogicalId(secret, databaseUserSecretLogicalId(name));
      const attached = secret.attach(cluster);
      // Multi-user: a task started before a rotation keeps a working login until the next one
      // (single-user rotation would invalidate the password every running task holds).
      cluster.addRotationMultiUser(`Rotation-${name}`, {
        secret: attached,
        automaticallyAfter: props.rotateEvery,
      });
      secrets.set(name, attached);
    }
    this.secrets = secrets;

    const securityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: props.vpc,
      description: 'database-users custom resource: DocumentDB and the Secrets Manager endpoint only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'Secrets Manager endpoint',
    );
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'Creates the per-service DocumentDB users from the master secret',
      entry: path.join(import.meta.dirname, '..', 'lambda', 'database-users', 'handler.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(2),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [securityGroup],
      logGroup: new logs.LogGroup(this, 'FunctionLogs', {
        retention: props.logRetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      bundling: {
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // The Node 22 runtime ships the AWS SDK v3.
        externalModules: ['@aws-sdk/*', ...MONGODB_OPTIONAL_MODULES],
        minify: true,
        sourceMap: false,
      },
    });
    cluster.connections.allowDefaultPortFrom(this.function, 'database-users custom resource');
    props.masterSecret.grantRead(this.function);
    for (const secret of secrets.values()) secret.grantRead(this.function);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: props.logRetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    const properties: DatabaseUsersProperties = {
      MasterSecretArn: props.masterSecret.secretArn,
      Users: owners.map((name) => ({
        Username: databaseUsername(name),
        Database: name,
        SecretArn: secrets.get(name)!.secretArn,
      })),
    };
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::DocumentDbServiceUsers',
      properties,
    });
    // Users can be created only once the instances answer, not when the cluster resource exists.
    resource.node.addDependency(cluster);
    acknowledgeFindings(this, provider);
  }
}

function acknowledgeFindings(scope: ServiceDatabaseUsers, provider: cr.Provider): void {
  Validations.of(scope).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'Lambda log writing (CloudWatch Logs) for the custom resource functions; AWS maintains the policy.',
  });
  Validations.of(scope).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
    reason:
      'The users function runs in the isolated subnets next to the cluster; ENI management needs this policy.',
  });
  Validations.of(scope.function).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 on purpose: the function bundles the same mongodb driver and shared db options the ' +
      'services run on Node 20/22; a runtime bump is a tested change, not a default.',
  });
  acknowledgeWildcards(
    provider,
    [
      `Resource::${nagRef(scope.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*`.replace(
        '>.Arn>',
        '.Arn>',
      ),
    ],
    'The provider framework invokes the one users function (any version or alias of it: `:*`), nothing else.',
  );
}
