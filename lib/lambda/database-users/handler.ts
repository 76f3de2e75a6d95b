/**
 * Custom resource (lib/constructs/database-users.ts) that gives every service that owns a database
 * its own DocumentDB user: readWrite on that database only, the password from the service's own
 * Secrets Manager secret. It logs in with the cluster's master secret, which only this function
 * and the rotation functions can read. Bundled with esbuild by the CDK (NodejsFunction); the AWS
 * SDK comes with the Node 22 Lambda runtime.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientOptions, connectionUri } from '@b2b/shared/db';
import { MongoClient } from 'mongodb';
import {
  type AdminDatabase,
  dropServiceUsers,
  ensureServiceUsers,
  type ServiceUser,
} from './service-users.ts';

/** The CA file of the Lambda Node.js runtimes; it includes the Amazon RDS / DocumentDB CAs. */
export const LAMBDA_RUNTIME_CA_FILE = '/var/runtime/ca-cert.pem';
export const PHYSICAL_RESOURCE_ID = 'documentdb-service-users';

/** ResourceProperties the construct writes (CloudFormation passes every value as a string). */
export interface DatabaseUsersProperties {
  readonly MasterSecretArn: string;
  readonly Users: readonly {
    readonly Username: string;
    readonly Database: string;
    readonly SecretArn: string;
  }[];
}

/** The parts of a CloudFormation custom resource event this handler reads (provider framework). */
export interface DatabaseUsersEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: DatabaseUsersProperties & { readonly ServiceToken?: string };
  readonly OldResourceProperties?: DatabaseUsersProperties;
}

interface SecretFields {
  readonly username: string;
  readonly password: string;
  readonly host?: string;
  readonly port?: number | string;
}

export interface HandlerDependencies {
  readonly readSecret: (arn: string) => Promise<SecretFields>;
  /** Opens the admin database with the master login; `close` ends the connection. */
  readonly connect: (master: SecretFields) => Promise<{ admin: AdminDatabase; close: () => Promise<void> }>;
}

export async function handleDatabaseUsers(event: DatabaseUsersEvent, deps: HandlerDependencies) {
  const props = event.ResourceProperties;
  const master = await deps.readSecret(props.MasterSecretArn);
  const { admin, close } = await deps.connect(master);
  try {
    if (event.RequestType === 'Delete') {
      const actions = await dropServiceUsers(
        admin,
        props.Users.map((user) => user.Username),
      );
      return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Actions: actions.join('; ') } };
    }
    const users: ServiceUser[] = [];
    for (const user of props.Users) {
      const secret = await deps.readSecret(user.SecretArn);
      // After a multi-user rotation the secret names the clone; that is the login to keep current.
      users.push({ username: secret.username, password: secret.password, database: user.Database });
    }
    const actions = await ensureServiceUsers(admin, users);
    const kept = new Set(props.Users.map((user) => user.Username));
    const removed = (event.OldResourceProperties?.Users ?? [])
      .map((user) => user.Username)
      .filter((username) => !kept.has(username));
    actions.push(...(await dropServiceUsers(admin, removed)));
    return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Actions: actions.join('; ') } };
  } finally {
    await close();
  }
}

function parseSecret(arn: string, text: string | undefined): SecretFields {
  const parsed = JSON.parse(text ?? '{}') as Partial<SecretFields>;
  if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
    throw new Error(`secret ${arn} has no username and password`);
  }
  return parsed as SecretFields;
}

const secrets = new SecretsManagerClient({});

const awsDependencies: HandlerDependencies = {
  async readSecret(arn) {
    const answer = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
    return parseSecret(arn, answer.SecretString);
  },
  async connect(master) {
    if (!master.host) throw new Error('the master secret has no host (is it attached to the cluster?)');
    const settings = {
      docdb: {
        host: master.host,
        port: Number(master.port),
        username: master.username,
        password: master.password,
      },
      dbName: 'admin',
      appName: 'database-users',
      tlsCaFile: LAMBDA_RUNTIME_CA_FILE,
      replicaSet: 'rs0',
    };
    const client = new MongoClient(connectionUri(settings), clientOptions(settings));
    await client.connect();
    const db = client.db('admin');
    return { admin: { command: (command) => db.command(command) }, close: () => client.close() };
  },
};

export const handler = (event: DatabaseUsersEvent) => handleDatabaseUsers(event, awsDependencies);
