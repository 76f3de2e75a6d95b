/** insert, update, delete, find, getMore, killCursors, findAndModify, count, distinct. */
import { codes, fail, ServerError } from '../errors.ts';
import { evaluate } from '../query/expressions.ts';
import { compileFilter, type MatchOptions } from '../query/match.ts';
import { collectValues, splitPath } from '../query/paths.ts';
import { compileProjection } from '../query/projection.ts';
import { compileSort, firstSorted } from '../query/sort.ts';
import {
  applyOperators,
  applyReplacement,
  isOperatorUpdate,
  seedFromFilter,
  validateArrayFilters,
  validateUpdate,
  withId,
} from '../query/update.ts';
import type { Collection } from '../storage/collection.ts';
import { countByIndex } from '../storage/index-count.ts';
import { findSortedByIndex } from '../storage/ordered-scan.ts';
import { deleteDoc, type Found, findDocs, insertDoc, replaceDoc, touchDoc } from '../store.ts';
import { compareValues, type Doc, isPlainObject, keyOf, valuesEqual } from '../values.ts';
import { bool, collectionName, docArray, optDoc, optNumber } from './args.ts';
import type { CommandContext, Handler } from './context.ts';
import { runPipelineUpdate } from './pipeline-update.ts';
import { positionalIndex } from './positional.ts';

/**
 * How a command's filters match. Its `let` variables (constants, evaluated once per command)
 * reach `$expr` as `$$name`, as on MongoDB 5.0+ for find, aggregate, update, delete and
 * findAndModify.
 */
export function matchOptions(ctx: CommandContext, letSpec?: unknown): MatchOptions {
  const vars = commandVariables(letSpec);
  const documentDbMode = ctx.server.info.documentDbMode;
  if (!vars) return { documentDbMode, evalExpr: ctx.server.evalExpr };
  return { documentDbMode, evalExpr: (e: unknown, d: Doc) => evaluate(e, d, { ...vars, ROOT: d }) };
}

/** A command's `let` variables, or undefined without one. */
export function commandVariables(spec: unknown): Record<string, unknown> | undefined {
  if (spec === undefined) return undefined;
  if (!isPlainObject(spec))
    return fail(codes.TypeMismatch, "BSON field 'let' is the wrong type, expected type 'object'");
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) vars[k] = evaluate(v, {}, vars);
  return vars;
}

function writeError(index: number, err: unknown): Doc {
  if (err instanceof ServerError) {
    return { index, code: err.code, codeName: err.codeName, errmsg: err.message, ...err.extra };
  }
  throw err;
}

function target(ctx: CommandContext, name: string): Collection {
  return ctx.server.engine.ensureCollection(ctx.db, name);
}

const MAX_WRITE_BATCH = 100_000;

function checkBatch(list: Doc[]): void {
  if (list.length > MAX_WRITE_BATCH)
    fail(
      codes.InvalidLength,
      `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH}. Got ${list.length} operations.`,
    );
}

function validateForStorage(doc: Doc): void {
  for (const k of Object.keys(doc)) {
    if (k.startsWith('$'))
      fail(codes.DollarPrefixedFieldName, `Document can't have $ prefixed field names: ${k}`);
  }
}

/** Errors inside a transaction abort it, as on a real server. */
function abortOnError(ctx: CommandContext, err: unknown): void {
  if (ctx.txn && err instanceof ServerError && err.code === codes.WriteConflict) ctx.txn.state = 'aborted';
}

const insert: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'insert');
  const docs = docArray(cmd, 'documents');
  checkBatch(docs);
  const ordered = bool(cmd, 'ordered', true);
  const coll = target(ctx, name);
  let n = 0;
  const writeErrors: Doc[] = [];
  for (let i = 0; i < docs.length; i++) {
    try {
      const doc = withId(docs[i] as Doc);
      validateForStorage(doc);
      insertDoc(ctx, coll, doc);
      n++;
    } catch (err) {
      abortOnError(ctx, err);
      if (err instanceof ServerError && err.code === codes.WriteConflict) throw err;
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

interface UpdateOutcome {
  n: number;
  nModified: number;
  upsertedId?: unknown;
  before?: Doc;
  after?: Doc;
}

/** One update statement (shared by update and findAndModify). */
function updateOne(
  ctx: CommandContext,
  coll: Collection,
  q: Doc,
  u: unknown,
  opts: {
    multi: boolean;
    upsert: boolean;
    arrayFilters?: Doc[];
    sort?: Doc;
    matched?: Found[];
    mopts: MatchOptions;
  },
): UpdateOutcome {
  const mopts = opts.mopts;
  const pred = compileFilter(q, mopts);
  const isPipeline = Array.isArray(u);
  const update = isPipeline ? undefined : validateUpdate(u);
  if (update && opts.multi && !isOperatorUpdate(update) && Object.keys(update).length > 0) {
    fail(codes.FailedToParse, 'multi update is not supported for replacement-style update');
  }
  let matched = opts.matched ?? findDocs(ctx, coll, q, pred, opts.multi || opts.sort ? 0 : 1);
  if (opts.sort && !opts.matched) {
    const cmp = compileSort(opts.sort);
    if (cmp) matched = [...matched].sort((a, b) => cmp(a.doc, b.doc));
    if (!opts.multi) matched = matched.slice(0, 1);
  }
  const build = (doc: Doc | undefined, isInsert: boolean): Doc => {
    if (isPipeline) return runPipelineUpdate(ctx, doc ?? {}, u as Doc[]);
    if (!isOperatorUpdate(update as Doc)) return applyReplacement(doc, update as Doc);
    return applyOperators(doc ?? {}, update as Doc, {
      isInsert,
      arrayFilters: opts.arrayFilters,
      match: mopts,
      positional: doc ? (path) => positionalIndex(q, doc, path, mopts) : undefined,
    });
  };
  if (matched.length === 0) {
    if (!opts.upsert) return { n: 0, nModified: 0 };
    const seed = seedFromFilter(q);
    let doc: Doc;
    if (isPipeline || isOperatorUpdate(update as Doc)) {
      doc = isPipeline
        ? runPipelineUpdate(ctx, seed, u as Doc[])
        : applyOperators(seed, update as Doc, {
            isInsert: true,
            arrayFilters: opts.arrayFilters,
            match: mopts,
          });
    } else {
      doc = applyReplacement(undefined, update as Doc);
      if (doc._id === undefined && seed._id !== undefined) doc = { _id: seed._id, ...doc };
    }
    doc = withId(doc);
    insertDoc(ctx, coll, doc);
    return { n: 1, nModified: 0, upsertedId: doc._id, after: doc };
  }
  let nModified = 0;
  let first: { before: Doc; after: Doc } | undefined;
  for (const m of matched) {
    const next = build(m.doc, false);
    if (next._id === undefined || keyOf(next._id) !== m.id) {
      fail(
        codes.ImmutableField,
        "After applying the update, the (immutable) field '_id' was found to have been altered",
      );
    }
    if (!valuesEqual(next, m.doc) || Object.keys(next).join() !== Object.keys(m.doc).join()) {
      replaceDoc(ctx, coll, m.id, next);
      nModified++;
    } else {
      touchDoc(ctx, coll, m.id);
    }
    first ??= { before: m.doc, after: next };
  }
  return { n: matched.length, nModified, before: first?.before, after: first?.after };
}

const update: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'update');
  const updates = docArray(cmd, 'updates');
  checkBatch(updates);
  const ordered = bool(cmd, 'ordered', true);
  const coll = target(ctx, name);
  const mopts = matchOptions(ctx, cmd.let);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const writeErrors: Doc[] = [];
  for (let i = 0; i < updates.length; i++) {
    const stmt = updates[i] as Doc;
    try {
      const q = optDoc(stmt, 'q') ?? {};
      if (stmt.u === undefined)
        fail(codes.FailedToParse, "BSON field 'update.updates.u' is missing but a required field");
      const r = updateOne(ctx, coll, q, stmt.u, {
        multi: bool(stmt, 'multi', false),
        upsert: bool(stmt, 'upsert', false),
        arrayFilters: validateArrayFilters(stmt.arrayFilters),
        mopts,
      });
      n += r.n;
      nModified += r.nModified;
      if (r.upsertedId !== undefined) upserted.push({ index: i, _id: r.upsertedId });
    } catch (err) {
      abortOnError(ctx, err);
      if (err instanceof ServerError && err.code === codes.WriteConflict) throw err;
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

const del: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'delete');
  const deletes = docArray(cmd, 'deletes');
  checkBatch(deletes);
  const ordered = bool(cmd, 'ordered', true);
  const coll = ctx.server.engine.collection(ctx.db, name);
  const mopts = matchOptions(ctx, cmd.let);
  let n = 0;
  const writeErrors: Doc[] = [];
  for (let i = 0; i < deletes.length; i++) {
    const stmt = deletes[i] as Doc;
    try {
      const q = optDoc(stmt, 'q') ?? {};
      const limit = optNumber(stmt, 'limit', 0);
      if (limit !== 0 && limit !== 1)
        fail(codes.FailedToParse, 'The limit field in delete objects must be 0 or 1');
      const pred = compileFilter(q, mopts);
      if (!coll) continue;
      for (const m of findDocs(ctx, coll, q, pred, limit)) {
        deleteDoc(ctx, coll, m.id);
        n++;
      }
    } catch (err) {
      abortOnError(ctx, err);
      if (err instanceof ServerError && err.code === codes.WriteConflict) throw err;
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

/** The documents of a query, sorted and windowed. */
export function queryDocs(
  ctx: CommandContext,
  coll: Collection | undefined,
  filter: Doc | undefined,
  sort: Doc | undefined,
  skip: number,
  limit: number,
  mopts: MatchOptions = matchOptions(ctx),
): Doc[] {
  const pred = compileFilter(filter, mopts);
  const cmp = compileSort(sort);
  if (cmp && limit > 0) {
    // Walk an index in sort order when one serves it; otherwise keep only the first skip + limit.
    const ordered = findSortedByIndex(ctx, coll, filter, pred, sort, skip + limit);
    const docs =
      ordered ??
      firstSorted(
        findDocs(ctx, coll, filter, pred).map((f) => f.doc),
        cmp,
        skip + limit,
      );
    return docs.slice(skip);
  }
  let docs = findDocs(ctx, coll, filter, pred, cmp ? 0 : limit > 0 ? skip + limit : 0).map((f) => f.doc);
  if (cmp) docs.sort(cmp);
  if (skip > 0 || limit > 0) docs = docs.slice(skip, limit > 0 ? skip + limit : undefined);
  return docs;
}

function nonNegative(v: number, field: string): number {
  if (v < 0) fail(51024, `BSON field '${field}' value must be >= 0, actual value '${v}'`);
  return v;
}

const find: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'find');
  const filter = optDoc(cmd, 'filter');
  const skip = nonNegative(optNumber(cmd, 'skip', 0), 'skip');
  let limit = optNumber(cmd, 'limit', 0);
  let singleBatch = bool(cmd, 'singleBatch', false);
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const batchSize = nonNegative(optNumber(cmd, 'batchSize', 101), 'batchSize');
  const project = compileProjection(optDoc(cmd, 'projection'));
  const coll = ctx.server.engine.collection(ctx.db, name);
  const docs = queryDocs(ctx, coll, filter, optDoc(cmd, 'sort'), skip, limit, matchOptions(ctx, cmd.let));
  const first = limit > 0 ? Math.min(batchSize || limit, limit) : batchSize;
  return ctx.server.cursors.open(
    `${ctx.db}.${name}`,
    docs,
    first,
    singleBatch || (limit > 0 && first >= limit),
    project,
  );
};

const getMore: Handler = (cmd, ctx) => {
  const id = cmd.getMore;
  if (typeof id !== 'bigint')
    return fail(codes.TypeMismatch, "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  const name = collectionName(cmd, 'collection');
  const cursor = ctx.server.cursors.get(id);
  if (!cursor) return fail(codes.CursorNotFound, `cursor id ${id} not found`);
  if (cursor.ns !== `${ctx.db}.${name}`)
    fail(
      codes.Unauthorized,
      `Requested getMore on namespace '${ctx.db}.${name}', but cursor belongs to a different namespace ${cursor.ns}`,
    );
  const batchSize = optNumber(cmd, 'batchSize', 0);
  return ctx.server.cursors.next(cursor, batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
};

const killCursors: Handler = (cmd, ctx) => {
  const ids = Array.isArray(cmd.cursors) ? cmd.cursors : [];
  const cursorsKilled: bigint[] = [];
  const cursorsNotFound: bigint[] = [];
  for (const id of ids) {
    if (typeof id === 'bigint' && ctx.server.cursors.kill(id)) cursorsKilled.push(id);
    else cursorsNotFound.push(id as bigint);
  }
  return { cursorsKilled, cursorsNotFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const findAndModify: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, typeof cmd.findAndModify === 'string' ? 'findAndModify' : 'findandmodify');
  const query = optDoc(cmd, 'query') ?? {};
  const sort = optDoc(cmd, 'sort');
  const remove = bool(cmd, 'remove', false);
  const returnNew = bool(cmd, 'new', false);
  const upsert = bool(cmd, 'upsert', false);
  const project = compileProjection(optDoc(cmd, 'fields'));
  if (remove && (cmd.update !== undefined || upsert || returnNew)) {
    fail(codes.FailedToParse, 'Cannot specify both an update and remove=true, or upsert/new with remove');
  }
  if (!remove && cmd.update === undefined)
    fail(codes.FailedToParse, 'Either an update or remove=true must be specified');
  const coll = target(ctx, name);
  const mopts = matchOptions(ctx, cmd.let);
  const out = (doc: Doc | undefined) => (doc ? (project ? project(doc) : doc) : null);
  try {
    if (remove) {
      const [hit] = queryDocs(ctx, coll, query, sort, 0, 1, mopts);
      if (!hit) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      deleteDoc(ctx, coll, keyOf(hit._id));
      return { lastErrorObject: { n: 1 }, value: out(hit), ok: 1 };
    }
    const matched = queryDocs(ctx, coll, query, sort, 0, 1, mopts).map((doc) => ({
      id: keyOf(doc._id),
      doc,
    }));
    const r = updateOne(ctx, coll, query, cmd.update, {
      multi: false,
      upsert,
      arrayFilters: validateArrayFilters(cmd.arrayFilters),
      matched,
      mopts,
    });
    const lastErrorObject: Doc = { n: r.n, updatedExisting: r.upsertedId === undefined && r.n > 0 };
    if (r.upsertedId !== undefined) lastErrorObject.upserted = r.upsertedId;
    const value =
      r.upsertedId !== undefined ? (returnNew ? r.after : undefined) : returnNew ? r.after : r.before;
    return { lastErrorObject, value: out(value), ok: 1 };
  } catch (err) {
    abortOnError(ctx, err);
    throw err;
  }
};

const count: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'count');
  const coll = ctx.server.engine.collection(ctx.db, name);
  const skip = nonNegative(optNumber(cmd, 'skip', 0), 'skip');
  const limit = Math.abs(optNumber(cmd, 'limit', 0));
  const query = optDoc(cmd, 'query');
  if (!coll) return { n: 0, ok: 1 };
  if (!query || Object.keys(query).length === 0) {
    const total = ctx.txn ? findDocs(ctx, coll, undefined, () => true).length : coll.records.size;
    return { n: Math.max(0, Math.min(limit > 0 ? limit : total, total - skip)), ok: 1 };
  }
  const indexed = ctx.txn ? undefined : countByIndex(coll, query);
  if (indexed !== undefined)
    return { n: Math.max(0, Math.min(limit > 0 ? limit : indexed, indexed - skip)), ok: 1 };
  return { n: queryDocs(ctx, coll, query, undefined, skip, limit).length, ok: 1 };
};

const distinct: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'distinct');
  const key = cmd.key;
  if (typeof key !== 'string')
    return fail(codes.TypeMismatch, "BSON field 'distinct.key' is the wrong type, expected type 'string'");
  const coll = ctx.server.engine.collection(ctx.db, name);
  const docs = queryDocs(ctx, coll, optDoc(cmd, 'query'), undefined, 0, 0);
  const parts = splitPath(key);
  const values: unknown[] = [];
  const seen = new Set<string>();
  for (const doc of docs) {
    for (const v of collectValues(doc, parts)) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (x === undefined) continue;
        const k = keyOf(x);
        if (!seen.has(k)) {
          seen.add(k);
          values.push(x);
        }
      }
    }
  }
  values.sort(compareValues);
  return { values, ok: 1 };
};

export const crudCommands: Record<string, Handler> = {
  insert,
  update,
  delete: del,
  find,
  getMore,
  killCursors,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
};
