/** create, drop, dropDatabase, listCollections, listDatabases, createIndexes, listIndexes, dropIndexes. */
import { codes, fail } from '../errors.ts';
import { compileFilter } from '../query/match.ts';
import { type Doc, isNumeric, isPlainObject, toNumber, valuesEqual } from '../values.ts';
import { collectionName, optDoc } from './args.ts';
import type { CommandContext, Handler } from './context.ts';

function listReply(ctx: CommandContext, ns: string, docs: Doc[]): Buffer {
  return ctx.server.cursors.open(ns, docs, Number.MAX_SAFE_INTEGER, true);
}

function nsNotFound(ctx: CommandContext, name: string): never {
  return fail(codes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
}

const create: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'create');
  if (ctx.server.engine.collection(ctx.db, name))
    fail(codes.NamespaceExists, `Collection ${ctx.db}.${name} already exists.`);
  if (cmd.capped === true && ctx.server.info.documentDbMode) {
    fail(codes.FeatureNotSupported, 'Feature not supported: capped collections (Amazon DocumentDB)');
  }
  if (cmd.viewOn !== undefined) fail(codes.FeatureNotSupported, 'Views are not supported by docdb-local');
  const options: Doc = {};
  for (const [k, v] of Object.entries(cmd)) {
    if (
      k === 'create' ||
      k.startsWith('$') ||
      ['lsid', 'txnNumber', 'autocommit', 'startTransaction', 'writeConcern', 'comment'].includes(k)
    )
      continue;
    options[k] = v;
  }
  ctx.server.engine.ensureCollection(ctx.db, name, options);
  return { ok: 1 };
};

const drop: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'drop');
  const coll = ctx.server.engine.collection(ctx.db, name);
  if (!coll) nsNotFound(ctx, name);
  const nIndexesWas = coll.indexes.size;
  ctx.server.engine.dropCollection(ctx.db, name);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

const dropDatabase: Handler = (_cmd, ctx) => {
  ctx.server.engine.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

const listCollections: Handler = (cmd, ctx) => {
  const filter = optDoc(cmd, 'filter');
  const pred = compileFilter(filter);
  const nameOnly = cmd.nameOnly === true;
  const docs: Doc[] = [];
  for (const coll of ctx.server.engine.dbs.get(ctx.db)?.values() ?? []) {
    const entry: Doc = nameOnly
      ? { name: coll.name, type: 'collection' }
      : {
          name: coll.name,
          type: 'collection',
          options: coll.options,
          info: { readOnly: false },
          idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
        };
    if (pred(entry)) docs.push(entry);
  }
  return listReply(ctx, `${ctx.db}.$cmd.listCollections`, docs);
};

const listDatabases: Handler = (cmd, ctx) => {
  const databases: Doc[] = [];
  let totalSize = 0;
  for (const [name, colls] of ctx.server.engine.dbs) {
    let docs = 0;
    for (const c of colls.values()) docs += c.records.size;
    const sizeOnDisk = docs * 256 + 4096;
    totalSize += sizeOnDisk;
    databases.push(cmd.nameOnly === true ? { name } : { name, sizeOnDisk, empty: docs === 0 });
  }
  const pred = compileFilter(optDoc(cmd, 'filter'));
  return { databases: databases.filter(pred), totalSize, totalSizeMb: Math.ceil(totalSize / 1048576), ok: 1 };
};

const supportedIndexOptions = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'v',
  'ns',
  'collation',
  'hidden',
]);

function validateIndexSpec(spec: Doc, documentDbMode: boolean): Doc {
  const key = spec.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0)
    fail(codes.CannotCreateIndex, 'Index keys cannot be empty.');
  for (const [field, dir] of Object.entries(key as Doc)) {
    if (typeof dir === 'string') {
      fail(
        codes.CannotCreateIndex,
        `Index type '${dir}' on field '${field}' is not supported by docdb-local`,
      );
    }
    if (!isNumeric(dir) || toNumber(dir) === 0)
      fail(codes.CannotCreateIndex, `Values in the index key pattern can't be 0: ${field}`);
  }
  if (typeof spec.name !== 'string' || spec.name === '')
    fail(codes.CannotCreateIndex, 'index name must be a non-empty string');
  for (const k of Object.keys(spec)) {
    if (!supportedIndexOptions.has(k))
      fail(codes.InvalidOptions, `The field '${k}' is not valid for an index specification.`);
  }
  if (spec.expireAfterSeconds !== undefined) {
    if (!isNumeric(spec.expireAfterSeconds) || toNumber(spec.expireAfterSeconds) < 0) {
      fail(codes.CannotCreateIndex, 'TTL index expireAfterSeconds must be a non-negative number');
    }
    if (Object.keys(key as Doc).length > 1)
      fail(
        codes.CannotCreateIndex,
        'TTL indexes are single-field indexes, compound indexes do not support TTL',
      );
  }
  if (spec.partialFilterExpression !== undefined) {
    if (!isPlainObject(spec.partialFilterExpression))
      fail(codes.CannotCreateIndex, 'partialFilterExpression must be an object');
    if (spec.sparse === true)
      fail(codes.CannotCreateIndex, 'cannot mix "partialFilterExpression" and "sparse" options');
    compileFilter(spec.partialFilterExpression, { documentDbMode });
  }
  const out: Doc = { v: 2, key, name: spec.name };
  for (const k of [
    'unique',
    'sparse',
    'partialFilterExpression',
    'expireAfterSeconds',
    'collation',
    'hidden',
  ]) {
    if (spec[k] !== undefined) out[k] = spec[k];
  }
  if (out.unique === false) delete out.unique;
  if (out.sparse === false) delete out.sparse;
  return out;
}

function sameOptions(a: Doc, b: Doc): boolean {
  for (const k of ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'])
    if (!valuesEqual(a[k], b[k])) return false;
  return true;
}

const createIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  const specs = cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0)
    return fail(codes.FailedToParse, 'Must specify at least one index to create');
  const engine = ctx.server.engine;
  const existed = engine.collection(ctx.db, name) !== undefined;
  const coll = engine.ensureCollection(ctx.db, name);
  const before = coll.indexes.size;
  let note: string | undefined;
  for (const raw of specs) {
    if (!isPlainObject(raw)) fail(codes.TypeMismatch, 'index specification must be an object');
    const spec = validateIndexSpec(raw, ctx.server.info.documentDbMode);
    const byName = coll.indexes.get(spec.name as string);
    if (byName) {
      if (valuesEqual(byName.spec.key, spec.key) && sameOptions(byName.spec, spec)) {
        note = 'all indexes already exist';
        continue;
      }
      if (!valuesEqual(byName.spec.key, spec.key)) {
        fail(
          codes.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. Requested index: ${spec.name}`,
        );
      }
      fail(
        codes.IndexOptionsConflict,
        `An existing index has the same name as the requested index but different options: ${spec.name}`,
      );
    }
    for (const idx of coll.indexes.values()) {
      if (
        valuesEqual(idx.spec.key, spec.key) &&
        valuesEqual(idx.spec.partialFilterExpression, spec.partialFilterExpression)
      ) {
        if (sameOptions(idx.spec, spec))
          fail(codes.IndexOptionsConflict, `Index already exists with a different name: ${idx.name}`);
        fail(
          codes.IndexOptionsConflict,
          `An equivalent index already exists with the same name but different options. Requested index: ${spec.name}, existing index: ${idx.name}`,
        );
      }
    }
    coll.addIndex(spec);
  }
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    createdCollectionAutomatically: !existed,
  };
  if (note && coll.indexes.size === before) reply.note = note;
  reply.ok = 1;
  return reply;
};

const listIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = ctx.server.engine.collection(ctx.db, name);
  if (!coll) nsNotFound(ctx, name);
  return listReply(
    ctx,
    `${ctx.db}.${name}`,
    [...coll.indexes.values()].map((i) => i.spec),
  );
};

const dropIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, typeof cmd.dropIndexes === 'string' ? 'dropIndexes' : 'deleteIndexes');
  const coll = ctx.server.engine.collection(ctx.db, name);
  if (!coll) nsNotFound(ctx, name);
  const nIndexesWas = coll.indexes.size;
  const which = cmd.index;
  const drop = (indexName: string) => {
    if (indexName === '_id_') fail(codes.InvalidOptions, 'cannot drop _id index');
    if (!coll.indexes.has(indexName)) fail(codes.IndexNotFound, `index not found with name [${indexName}]`);
    coll.dropIndex(indexName);
  };
  if (which === '*') {
    for (const n of [...coll.indexes.keys()]) if (n !== '_id_') coll.dropIndex(n);
  } else if (typeof which === 'string') drop(which);
  else if (Array.isArray(which)) for (const n of which) drop(String(n));
  else if (isPlainObject(which)) {
    const idx = [...coll.indexes.values()].find((i) => valuesEqual(i.spec.key, which));
    if (!idx) fail(codes.IndexNotFound, `can't find index with key: ${JSON.stringify(which)}`);
    drop(idx.name);
  } else fail(codes.TypeMismatch, "BSON field 'dropIndexes.index' is missing or has the wrong type");
  return { nIndexesWas, ok: 1 };
};

/** collMod: change a TTL index's expireAfterSeconds (what DocumentDB supports of collMod). */
const collMod: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collMod');
  const coll = ctx.server.engine.collection(ctx.db, name);
  if (!coll) nsNotFound(ctx, name);
  const change = optDoc(cmd, 'index');
  if (!change) return { ok: 1 };
  const index =
    typeof change.name === 'string'
      ? coll.indexes.get(change.name)
      : [...coll.indexes.values()].find((i) => valuesEqual(i.spec.key, change.keyPattern));
  if (!index) return fail(codes.IndexNotFound, 'cannot find index for collMod');
  if (index.expireAfterSeconds === undefined || !isNumeric(change.expireAfterSeconds)) {
    return fail(codes.InvalidOptions, 'collMod only changes expireAfterSeconds of a TTL index');
  }
  const old = index.expireAfterSeconds;
  const spec = { ...index.spec, expireAfterSeconds: toNumber(change.expireAfterSeconds) };
  coll.dropIndex(index.name);
  coll.addIndex(spec);
  return { expireAfterSeconds_old: old, expireAfterSeconds_new: spec.expireAfterSeconds, ok: 1 };
};

/** renameCollection (run on admin): copies documents and indexes under the new name. */
const renameCollection: Handler = (cmd, ctx) => {
  const from = cmd.renameCollection;
  const to = cmd.to;
  if (typeof from !== 'string' || typeof to !== 'string')
    return fail(codes.TypeMismatch, "'renameCollection' and 'to' must be namespaces");
  const split = (ns: string) => {
    const dot = ns.indexOf('.');
    if (dot <= 0) fail(codes.InvalidNamespace, `Invalid namespace specified '${ns}'`);
    return [ns.slice(0, dot), ns.slice(dot + 1)] as const;
  };
  const [fromDb, fromName] = split(from);
  const [toDb, toName] = split(to);
  const engine = ctx.server.engine;
  const source = engine.collection(fromDb, fromName);
  if (!source) return fail(codes.NamespaceNotFound, `Source collection ${from} does not exist`);
  if (engine.collection(toDb, toName)) {
    if (cmd.dropTarget !== true) fail(codes.NamespaceExists, `target namespace exists: ${to}`);
    engine.dropCollection(toDb, toName);
  }
  const target = engine.ensureCollection(toDb, toName, source.options);
  for (const index of source.indexes.values()) if (index.name !== '_id_') target.addIndex(index.spec);
  for (const rec of source.records.values()) target.insert(rec.doc, { trusted: true });
  engine.dropCollection(fromDb, fromName);
  return { ok: 1 };
};

const collStats: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collStats');
  const coll = ctx.server.engine.collection(ctx.db, name);
  if (!coll) nsNotFound(ctx, name);
  return { ns: coll.ns, count: coll.records.size, nindexes: coll.indexes.size, ok: 1 };
};

const dbStats: Handler = (_cmd, ctx) => {
  const colls = ctx.server.engine.dbs.get(ctx.db);
  let objects = 0;
  for (const c of colls?.values() ?? []) objects += c.records.size;
  return { db: ctx.db, collections: colls?.size ?? 0, objects, ok: 1 };
};

export const ddlCommands: Record<string, Handler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collStats,
  dbStats,
  collMod,
  renameCollection,
};
