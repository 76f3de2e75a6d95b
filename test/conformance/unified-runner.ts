/** Executes one test of the unified test format through the real driver. */
import { BSON, type Collection, type Db, type MongoClient, MongoServerError } from 'mongodb';
import { mismatch } from './unified-match.ts';

const { EJSON } = BSON;

type Doc = Record<string, unknown>;

export interface UnifiedFile {
  description: string;
  schemaVersion: string;
  runOnRequirements?: Requirement[];
  createEntities: Doc[];
  initialData?: { collectionName: string; databaseName: string; documents: Doc[] }[];
  tests: UnifiedTest[];
}

export interface UnifiedTest {
  description: string;
  runOnRequirements?: Requirement[];
  skipReason?: string;
  operations: Operation[];
  outcome?: { collectionName: string; databaseName: string; documents: Doc[] }[];
}

interface Requirement {
  minServerVersion?: string;
  maxServerVersion?: string;
  topologies?: string[];
  serverless?: string;
  auth?: boolean;
  csfle?: boolean;
}

interface Operation {
  name: string;
  object: string;
  arguments?: Doc;
  expectResult?: unknown;
  expectError?: Doc;
  saveResultAsEntity?: string;
}

/** Driver options of the file's client entity (e.g. retryReads: false). */
export function clientOptions(file: UnifiedFile): Doc {
  for (const e of file.createEntities) {
    const c = e.client as Doc | undefined;
    if (c?.uriOptions) return c.uriOptions as Doc;
  }
  return {};
}

export function parseFile(text: string): UnifiedFile {
  return EJSON.parse(text, { relaxed: true }) as UnifiedFile;
}

function versionParts(v: string): number[] {
  return v.split('.').map((p) => Number.parseInt(p, 10) || 0);
}

function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Why a file or test cannot run against this server, or undefined when it can. */
export function unmetRequirement(reqs: Requirement[] | undefined, serverVersion: string): string | undefined {
  if (!reqs || reqs.length === 0) return undefined;
  const reasons: string[] = [];
  for (const r of reqs) {
    if (r.minServerVersion && compareVersions(serverVersion, r.minServerVersion) < 0)
      reasons.push(`needs server >= ${r.minServerVersion}`);
    else if (r.maxServerVersion && compareVersions(serverVersion, r.maxServerVersion) > 0)
      reasons.push(`needs server <= ${r.maxServerVersion}`);
    else if (r.topologies && !r.topologies.includes('single') && !r.topologies.includes('replicaset'))
      reasons.push(`needs ${r.topologies.join('/')}`);
    else if (r.serverless === 'require' || r.auth === true || r.csfle === true)
      reasons.push('needs serverless/auth/csfle');
    else return undefined;
  }
  return reasons.join('; ');
}

interface Entities {
  dbs: Map<string, Db>;
  colls: Map<string, Collection<Doc>>;
}

function createEntities(client: MongoClient, file: UnifiedFile): Entities {
  const dbs = new Map<string, Db>();
  const colls = new Map<string, Collection<Doc>>();
  for (const e of file.createEntities) {
    if (e.database) {
      const d = e.database as Doc;
      dbs.set(String(d.id), client.db(String(d.databaseName)));
    } else if (e.collection) {
      const c = e.collection as Doc;
      const db = dbs.get(String(c.database));
      if (db) colls.set(String(c.id), db.collection<Doc>(String(c.collectionName)));
    }
  }
  return { dbs, colls };
}

function lowerReturnDocument(args: Doc): Doc {
  const out = { ...args };
  if (typeof out.returnDocument === 'string')
    out.returnDocument = (out.returnDocument as string).toLowerCase();
  return out;
}

function without(args: Doc, ...keys: string[]): Doc {
  const out = { ...args };
  for (const k of keys) delete out[k];
  return out;
}

async function runOperation(client: MongoClient, ents: Entities, op: Operation): Promise<unknown> {
  const args = op.arguments ?? {};
  if (op.object === 'testRunner') {
    if (op.name === 'failPoint') return client.db('admin').command(args.failPoint as Doc);
    throw new Error(`unsupported testRunner operation ${op.name}`);
  }
  const db = ents.dbs.get(op.object);
  if (db) {
    switch (op.name) {
      case 'createCollection':
        return db.createCollection(String(args.collection), without(args, 'collection'));
      case 'dropCollection':
        return db.dropCollection(String(args.collection)).catch(() => false);
      case 'aggregate':
        return db.aggregate(args.pipeline as Doc[], without(args, 'pipeline')).toArray();
      case 'runCommand':
        return db.command(args.command as Doc);
      default:
        throw new Error(`unsupported database operation ${op.name}`);
    }
  }
  const coll = ents.colls.get(op.object);
  if (!coll) throw new Error(`unknown entity ${op.object}`);
  switch (op.name) {
    case 'insertOne':
      return coll.insertOne(args.document as Doc, without(args, 'document'));
    case 'insertMany':
      return coll.insertMany(args.documents as Doc[], without(args, 'documents'));
    case 'find':
      return coll.find(args.filter as Doc, without(args, 'filter')).toArray();
    case 'findOne':
      return coll.findOne(args.filter as Doc, without(args, 'filter'));
    case 'updateOne':
      return coll.updateOne(args.filter as Doc, args.update as Doc, without(args, 'filter', 'update'));
    case 'updateMany':
      return coll.updateMany(args.filter as Doc, args.update as Doc, without(args, 'filter', 'update'));
    case 'replaceOne':
      return coll.replaceOne(
        args.filter as Doc,
        args.replacement as Doc,
        without(args, 'filter', 'replacement'),
      );
    case 'deleteOne':
      return coll.deleteOne(args.filter as Doc, without(args, 'filter'));
    case 'deleteMany':
      return coll.deleteMany(args.filter as Doc, without(args, 'filter'));
    case 'findOneAndUpdate':
      return coll.findOneAndUpdate(
        args.filter as Doc,
        args.update as Doc,
        lowerReturnDocument(without(args, 'filter', 'update')),
      );
    case 'findOneAndReplace':
      return coll.findOneAndReplace(
        args.filter as Doc,
        args.replacement as Doc,
        lowerReturnDocument(without(args, 'filter', 'replacement')),
      );
    case 'findOneAndDelete':
      return coll.findOneAndDelete(args.filter as Doc, without(args, 'filter'));
    case 'countDocuments':
      return coll.countDocuments(args.filter as Doc, without(args, 'filter'));
    case 'estimatedDocumentCount':
      return coll.estimatedDocumentCount(args);
    case 'distinct':
      return coll.distinct(
        String(args.fieldName),
        (args.filter as Doc) ?? {},
        without(args, 'fieldName', 'filter'),
      );
    case 'aggregate':
      return coll.aggregate(args.pipeline as Doc[], without(args, 'pipeline')).toArray();
    case 'bulkWrite':
      return coll.bulkWrite(args.requests as never[], without(args, 'requests'));
    default:
      throw new Error(`unsupported collection operation ${op.name}`);
  }
}

function checkError(expect: Doc, err: unknown): void {
  const e = err as MongoServerError & { errorResponse?: Doc; result?: unknown };
  const isServer = err instanceof MongoServerError;
  if (expect.isClientError === true && isServer)
    throw new Error(`expected a client error, got server error ${e.code}`);
  if (expect.isClientError === false && !isServer)
    throw new Error(`expected a server error, got ${String(err)}`);
  if (expect.errorCode !== undefined && e.code !== expect.errorCode)
    throw new Error(`expected error code ${expect.errorCode}, got ${e.code}`);
  if (expect.errorCodeName !== undefined && e.codeName !== expect.errorCodeName) {
    throw new Error(`expected ${expect.errorCodeName}, got ${e.codeName}`);
  }
  if (
    typeof expect.errorContains === 'string' &&
    !e.message.toLowerCase().includes(expect.errorContains.toLowerCase())
  ) {
    throw new Error(`expected the error to contain "${expect.errorContains}", got "${e.message}"`);
  }
  for (const label of (expect.errorLabelsContain as string[]) ?? []) {
    if (!e.hasErrorLabel?.(label)) throw new Error(`expected error label ${label}`);
  }
  for (const label of (expect.errorLabelsOmit as string[]) ?? []) {
    if (e.hasErrorLabel?.(label)) throw new Error(`unexpected error label ${label}`);
  }
  if (expect.errorResponse !== undefined) {
    const m = mismatch(expect.errorResponse, e.errorResponse ?? {});
    if (m) throw new Error(`errorResponse: ${m}`);
  }
  if (expect.expectResult !== undefined) {
    const m = mismatch(expect.expectResult, e.result);
    if (m) throw new Error(`error result: ${m}`);
  }
}

export async function runTest(client: MongoClient, file: UnifiedFile, test: UnifiedTest): Promise<void> {
  const ents = createEntities(client, file);
  for (const data of file.initialData ?? []) {
    const coll = client.db(data.databaseName).collection(data.collectionName);
    await coll.drop().catch(() => false);
    if (data.documents.length > 0) await coll.insertMany(data.documents);
    else
      await client
        .db(data.databaseName)
        .createCollection(data.collectionName)
        .catch(() => undefined);
  }
  for (const op of test.operations) {
    let result: unknown;
    let error: unknown;
    try {
      result = await runOperation(client, ents, op);
    } catch (err) {
      error = err;
    }
    if (op.expectError) {
      if (error === undefined)
        throw new Error(`${op.name}: expected an error, got ${JSON.stringify(result)}`);
      checkError(op.expectError, error);
      continue;
    }
    if (error !== undefined) throw new Error(`${op.name} failed: ${(error as Error).message}`);
    if (op.expectResult !== undefined) {
      const m = mismatch(op.expectResult, result);
      if (m) throw new Error(`${op.name} result: ${m} (actual ${EJSON.stringify(result as Doc)})`);
    }
  }
  for (const o of test.outcome ?? []) {
    const docs = await client
      .db(o.databaseName)
      .collection(o.collectionName)
      .find({})
      .sort({ _id: 1 })
      .toArray();
    const m = mismatch(o.documents, docs, false);
    if (m) throw new Error(`outcome ${o.collectionName}: ${m} (actual ${EJSON.stringify(docs)})`);
  }
}
