/** aggregate: the leading $match (and $sort) read through the indexes, the rest in memory. */
import { codes, fail } from '../errors.ts';
import { evaluate } from '../query/expressions.ts';
import { compileFilter } from '../query/match.ts';
import { runPipeline } from '../query/pipeline.ts';
import { withId } from '../query/update.ts';
import type { Collection } from '../storage/collection.ts';
import { countByIndex } from '../storage/index-count.ts';
import { findDocs, insertDoc } from '../store.ts';
import { type Doc, isNumeric, isPlainObject, toNumber } from '../values.ts';
import { optDoc } from './args.ts';
import type { Handler } from './context.ts';
import { commandVariables, matchOptions, queryDocs } from './crud.ts';
import { explain } from './explain.ts';

const aggregate: Handler = (cmd, ctx) => {
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline))
    return fail(codes.TypeMismatch, "'pipeline' option must be specified as an array");
  for (const stage of pipeline)
    if (!isPlainObject(stage)) fail(codes.TypeMismatch, 'Each element of the pipeline must be an object');
  if (cmd.explain) return explain({ explain: { aggregate: cmd.aggregate, pipeline } }, ctx);
  const cursorSpec = optDoc(cmd, 'cursor');
  if (!cursorSpec)
    fail(
      codes.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  const name = cmd.aggregate;
  if (typeof name !== 'string')
    return fail(codes.InvalidNamespace, 'aggregate on a database (aggregate: 1) is not supported');
  const coll = ctx.server.engine.collection(ctx.db, name);
  let stages = pipeline as Doc[];
  const vars = commandVariables(cmd.let);
  const mopts = matchOptions(ctx, cmd.let);
  // A leading $match / $sort / $skip / $limit runs as a find: through the indexes, and a sort
  // with a limit reads in index order instead of sorting the collection.
  let i = 0;
  const at = (name: string) => {
    const stage = stages[i];
    return stage && Object.keys(stage).length === 1 && name in stage ? stage[name] : undefined;
  };
  const filter = isPlainObject(at('$match')) ? (stages[i++] as Doc).$match : undefined;
  const sort = isPlainObject(at('$sort')) ? (stages[i++] as Doc).$sort : undefined;
  const skipArg = at('$skip');
  const takesSkip = isNumeric(skipArg) && toNumber(skipArg) >= 0;
  const skip = takesSkip ? toNumber(skipArg) : 0;
  if (takesSkip) i++;
  const limitArg = at('$limit');
  const limit = isNumeric(limitArg) && toNumber(limitArg) > 0 ? toNumber(limitArg) : 0;
  if (limit > 0) i++;
  stages = stages.slice(i);
  const counted = sort || ctx.txn || !coll ? undefined : countStage(stages, coll, filter as Doc | undefined);
  if (counted) {
    const n = Math.max(0, Math.min(limit > 0 ? limit : counted.n, counted.n - skip));
    const docs = n > 0 ? [{ _id: counted.id, [counted.field]: n }] : [];
    return ctx.server.cursors.open(`${ctx.db}.${name}`, docs, 101, false);
  }
  const input =
    filter || sort || skip || limit
      ? queryDocs(ctx, coll, filter as Doc | undefined, sort as Doc | undefined, skip, limit, mopts)
      : findDocs(ctx, coll, undefined, () => true).map((f) => f.doc);
  const docs = runPipeline(input, stages, {
    vars,
    match: mopts,
    lookup: (from, filter) => {
      const other = ctx.server.engine.collection(ctx.db, from);
      return findDocs(ctx, other, filter, compileFilter(filter, mopts)).map((f) => f.doc);
    },
    out: (target, result) => {
      const engine = ctx.server.engine;
      engine.dropCollection(ctx.db, target);
      const out = engine.ensureCollection(ctx.db, target);
      for (const d of result) insertDoc(ctx, out, withId(d));
    },
  });
  const batchSize = cursorSpec?.batchSize === undefined ? 101 : toNumber(cursorSpec.batchSize);
  return ctx.server.cursors.open(`${ctx.db}.${name}`, docs, batchSize, false);
};

/**
 * `countDocuments` (`$match` then `$group: {_id: <constant>, n: {$sum: 1}}`) answered from an
 * index without reading the documents, when the filter allows (see index-count.ts).
 */
function countStage(
  stages: Doc[],
  coll: Collection,
  filter: Doc | undefined,
): { id: unknown; field: string; n: number } | undefined {
  const group =
    stages.length === 1 && Object.keys(stages[0] as Doc).length === 1 ? (stages[0] as Doc).$group : undefined;
  if (!isPlainObject(group)) return undefined;
  const keys = Object.keys(group);
  const field = keys.find((k) => k !== '_id');
  if (keys.length !== 2 || !('_id' in group) || !field) return undefined;
  const id = group._id;
  const constant = id === null || typeof id === 'number' || (typeof id === 'string' && !id.startsWith('$'));
  const sum = group[field];
  if (!constant || !isPlainObject(sum) || Object.keys(sum).length !== 1 || sum.$sum !== 1) return undefined;
  const n = countByIndex(coll, filter);
  return n === undefined ? undefined : { id, field, n };
}

export const aggregateCommands: Record<string, Handler> = { aggregate };

/** `$expr` support for filters. */
export function evalExpr(expr: unknown, doc: Doc): unknown {
  return evaluate(expr, doc, { ROOT: doc });
}
