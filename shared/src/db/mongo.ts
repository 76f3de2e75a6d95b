import { type Db, type IndexDescription, MongoClient, type MongoClientOptions } from 'mongodb';

/** Where the database is: a full URI (local, tests) or the DocumentDB cluster's parts (AWS). */
export interface MongoSettings {
  uri?: string;
  docdb?: { host: string; port?: number; username: string; password: string };
  dbName: string;
  /** DocumentDB: the RDS CA bundle; turns TLS on. */
  tlsCaFile?: string;
  /** DocumentDB: `rs0`; the driver then discovers the primary instead of connecting directly. */
  replicaSet?: string;
  /** Shows in the server's logs and `currentOp`: the service name. */
  appName: string;
  /** How long start-up and readiness wait for a server; default 10 s. */
  serverSelectionTimeoutMs?: number;
}

export interface Mongo {
  readonly client: MongoClient;
  readonly db: Db;
  /** Throws when the server does not answer. */
  ping(): Promise<void>;
  /** Readiness check: true when the server answers a ping. */
  isReady(): Promise<boolean>;
  /** Releases this handle; the shared client closes when its last handle does. */
  close(): Promise<void>;
}

interface SharedClient {
  client: MongoClient;
  handles: number;
}

/** One MongoClient per process and server: every handle on the same URI shares its pool. */
const clients = new Map<string, SharedClient>();

export function connectionUri(settings: Pick<MongoSettings, 'uri' | 'docdb'>): string {
  if (settings.uri) return settings.uri;
  const d = settings.docdb;
  if (!d) throw new Error('MongoDB settings need either uri or docdb host/username/password');
  const auth = `${encodeURIComponent(d.username)}:${encodeURIComponent(d.password)}`;
  return `mongodb://${auth}@${d.host}:${d.port ?? 27017}/`;
}

/** The URI with its password masked, for logs and error messages. */
export function redactUri(uri: string): string {
  return uri.replace(/(mongodb(?:\+srv)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

export function clientOptions(settings: MongoSettings): MongoClientOptions {
  const documentDb = Boolean(settings.tlsCaFile || settings.replicaSet || settings.docdb);
  const options: MongoClientOptions = {
    appName: settings.appName,
    serverSelectionTimeoutMS: settings.serverSelectionTimeoutMs ?? 10_000,
    // Reads that must see the caller's own write go to the primary; it is the default, and explicit.
    readPreference: 'primary',
  };
  if (settings.tlsCaFile) {
    options.tls = true;
    options.tlsCAFile = settings.tlsCaFile;
  }
  if (settings.replicaSet) {
    options.replicaSet = settings.replicaSet;
    options.directConnection = false;
  }
  // DocumentDB does not support retryable writes.
  if (documentDb) options.retryWrites = false;
  return options;
}

/**
 * Connects (lazily, on first use) to MongoDB or DocumentDB. Calls with the same server share one
 * MongoClient per process; each returns its own handle on `dbName`.
 */
export function createMongo(settings: MongoSettings): Mongo {
  const uri = connectionUri(settings);
  const options = clientOptions(settings);
  const key = JSON.stringify([uri, options.tlsCAFile, options.replicaSet]);
  let shared = clients.get(key);
  if (!shared) {
    shared = { client: new MongoClient(uri, options), handles: 0 };
    clients.set(key, shared);
  }
  shared.handles++;
  const entry = shared;
  const db = entry.client.db(settings.dbName);
  let closed = false;
  const ping = async () => {
    await db.command({ ping: 1 });
  };
  return {
    client: entry.client,
    db,
    ping,
    isReady: () =>
      ping().then(
        () => true,
        () => false,
      ),
    async close() {
      if (closed) return;
      closed = true;
      entry.handles--;
      if (entry.handles === 0) {
        clients.delete(key);
        await entry.client.close();
      }
    },
  };
}

/**
 * ECS injects the secret's `port` as a string ("27017"). Anything that is not a plain port number
 * stops start-up naming the variable, instead of connecting to `host:NaN` and timing out later.
 */
function docdbPort(raw: string | undefined): number {
  if (raw === undefined) return 27017;
  const text = raw.trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`DOCDB_PORT must be a port number between 1 and 65535 (got "${raw.slice(0, 20)}")`);
  }
  return port;
}

/** Environment (CONTRIBUTING.md's contract) → settings for `createMongo`. */
export function mongoSettingsFromEnv(
  env: Record<string, unknown>,
  defaults: { appName: string; dbName?: string },
): MongoSettings {
  const str = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : String(value);
  };
  const host = str('DOCDB_HOST');
  const username = str('DOCDB_USERNAME');
  const password = str('DOCDB_PASSWORD');
  const uri = str('MONGODB_URI');
  if (!uri && !(host && username && password)) {
    throw new Error('MONGODB_URI, or DOCDB_HOST, DOCDB_USERNAME and DOCDB_PASSWORD, must be set');
  }
  return {
    uri,
    docdb:
      !uri && host && username && password
        ? { host, port: docdbPort(str('DOCDB_PORT')), username, password }
        : undefined,
    dbName: str('MONGODB_DB_NAME') ?? defaults.dbName ?? defaults.appName,
    tlsCaFile: str('MONGODB_TLS_CA_FILE'),
    replicaSet: str('MONGODB_REPLICA_SET'),
    appName: defaults.appName,
  };
}

export type IndexPlan = Record<string, IndexDescription[]>;

/**
 * Creates the indexes a service needs, at start-up. Idempotent: existing identical indexes are
 * kept; a changed definition under the same name fails loudly rather than serving without it.
 */
export async function ensureIndexes(db: Db, plan: IndexPlan): Promise<void> {
  for (const [collection, indexes] of Object.entries(plan)) {
    if (indexes.length > 0) await db.collection(collection).createIndexes(indexes);
  }
}
