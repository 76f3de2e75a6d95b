/** Aggregation pipeline stages over documents; the source stage is chosen by the caller. */
import { asBadValue, codes, fail } from '../errors.ts';
import {
  arith,
  clone,
  compareValues,
  type Doc,
  isNumeric,
  isPlainObject,
  isTruthy,
  keyOf,
  toNumber,
  valuesEqual,
} from '../values.ts';
import { avgOf, evaluate, extreme, type Vars } from './expressions.ts';
import { compileFilter, type MatchOptions } from './match.ts';
import { collectValues, getPath } from './paths.ts';
import { compileProjection, flattenProjection } from './projection.ts';
import { compileSort } from './sort.ts';

export interface PipelineEnv {
  match: MatchOptions;
  /** Documents of another collection of the same database matching a filter ($lookup). */
  lookup: (coll: string, filter: Doc | undefined) => Doc[];
  /** Writes the result to a collection ($out). */
  out?: (coll: string, docs: Doc[]) => void;
  vars?: Vars;
}

/**
 * Stages Amazon DocumentDB 5.0 (the engine the CDK stack deploys) does not support; refused in
 * DocumentDB mode. AWS's stage pages mark $bucket, $facet, $replaceWith, $set, $sortByCount and
 * $unset "New from version 8.0": use $group, separate queries, $replaceRoot, $addFields and
 * $project instead.
 */
export const documentDbUnsupportedStages = new Set([
  '$bucket',
  '$facet',
  '$replaceWith',
  '$set',
  '$sortByCount',
  '$unset',
  '$graphLookup',
  '$setWindowFields',
  '$densify',
  '$fill',
  '$unionWith',
  '$documents',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$changeStreamSplitLargeEvent',
  '$shardedDataDistribution',
]);

export function runPipeline(input: Doc[], pipeline: Doc[], env: PipelineEnv): Doc[] {
  if (!Array.isArray(pipeline)) return fail(codes.TypeMismatch, 'a pipeline must be an array of stages');
  let docs = input;
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      fail(
        codes.Location40323 as number,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const name = Object.keys(stage)[0] as string;
    docs = asBadValue(name, () => runStage(name, stage[name], docs, env));
  }
  return docs;
}

function setField(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const seg = parts[i] as string;
    const next = cur[seg];
    if (!isPlainObject(next)) cur[seg] = {};
    cur = cur[seg] as Doc;
  }
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

function isInclusionFlag(v: unknown): boolean {
  return typeof v === 'boolean' || isNumeric(v);
}

function project(nested: Doc, docs: Doc[], vars: Vars): Doc[] {
  const spec = flattenProjection(nested);
  const entries = Object.entries(spec);
  if (entries.length === 0) fail(51272, '$project specification must have at least one field');
  const computed = entries.some(
    ([, v]) => !isInclusionFlag(v) && !(isPlainObject(v) && ('$slice' in v || '$elemMatch' in v) && false),
  );
  const exclusionOnly = entries.every(([k, v]) => isInclusionFlag(v) && (!isTruthy(v) || k === '_id'));
  if (!computed || exclusionOnly) {
    const p = compileProjection(spec);
    return p ? docs.map(p) : docs;
  }
  return docs.map((doc) => {
    const out: Doc = {};
    const idSpec = spec._id;
    if (idSpec === undefined || (isInclusionFlag(idSpec) && isTruthy(idSpec))) {
      if (doc._id !== undefined) out._id = doc._id;
    }
    for (const [k, v] of entries) {
      if (k === '_id' && isInclusionFlag(v)) continue;
      if (isInclusionFlag(v)) {
        if (!isTruthy(v)) fail(31254, `Cannot do exclusion on field ${k} in inclusion projection`);
        const value = getPath(doc, k.split('.'));
        if (value !== undefined) setField(out, k, value);
      } else {
        setField(out, k, evaluate(v, doc, vars));
      }
    }
    return out;
  });
}

type Accumulator = { add(v: unknown): void; result(): unknown };

function accumulator(op: string): Accumulator {
  let values: unknown[] = [];
  let first: unknown;
  let seen = false;
  let sum: unknown = 0;
  switch (op) {
    case '$sum':
      return {
        add: (v) => {
          if (isNumeric(v)) sum = arithAdd(sum, v);
        },
        result: () => sum,
      };
    case '$count':
      return { add: () => (sum = arithAdd(sum, 1)), result: () => sum };
    case '$first':
      return {
        add: (v) => {
          if (!seen) {
            first = v ?? null;
            seen = true;
          }
        },
        result: () => first,
      };
    case '$last':
      return { add: (v) => (first = v ?? null), result: () => first };
    case '$push':
      return { add: (v) => v !== undefined && values.push(v), result: () => values };
    case '$addToSet':
      return {
        add: (v) => {
          if (v !== undefined && !values.some((x) => valuesEqual(x, v))) values.push(v);
        },
        result: () => values,
      };
    case '$avg':
      return { add: (v) => values.push(v), result: () => avgOf(values) };
    case '$min':
      return { add: (v) => values.push(v), result: () => extreme([values], -1) };
    case '$max':
      return { add: (v) => values.push(v), result: () => extreme([values], 1) };
    case '$mergeObjects':
      return {
        add: (v) => {
          if (isPlainObject(v)) values = [Object.assign((values[0] as Doc) ?? {}, v)];
        },
        result: () => values[0] ?? {},
      };
    case '$stdDevPop':
    case '$stdDevSamp':
      return {
        add: (v) => isNumeric(v) && values.push(toNumber(v)),
        result: () => {
          const n = values.length - (op === '$stdDevSamp' ? 1 : 0);
          if (n <= 0) return null;
          const nums = values as number[];
          const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
          return Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
        },
      };
    default:
      return fail(15952, `unknown group operator '${op}'`);
  }
}

function arithAdd(a: unknown, b: unknown): unknown {
  return arith(a, b, 'add');
}

function group(spec: Doc, docs: Doc[], vars: Vars): Doc[] {
  if (!('_id' in spec)) fail(15955, 'a group specification must include an _id');
  const fields = Object.entries(spec).filter(([k]) => k !== '_id');
  for (const [k, v] of fields) {
    if (!isPlainObject(v) || Object.keys(v).length !== 1)
      fail(40234, `The field '${k}' must be an accumulator object`);
  }
  const groups = new Map<string, { id: unknown; accs: Accumulator[] }>();
  for (const doc of docs) {
    let id = evaluate(spec._id, doc, vars);
    if (id === undefined) id = null;
    const key = keyOf(id);
    let g = groups.get(key);
    if (!g) {
      g = { id, accs: fields.map(([, v]) => accumulator(Object.keys(v as Doc)[0] as string)) };
      groups.set(key, g);
    }
    fields.forEach(([, v], i) => {
      const [op, arg] = Object.entries(v as Doc)[0] as [string, unknown];
      (g.accs[i] as Accumulator).add(op === '$count' ? 1 : evaluate(arg, doc, vars));
    });
  }
  return [...groups.values()].map((g) => {
    const out: Doc = { _id: g.id };
    fields.forEach(([k], i) => {
      out[k] = (g.accs[i] as Accumulator).result();
    });
    return out;
  });
}

function unwind(spec: unknown, docs: Doc[]): Doc[] {
  const opts = typeof spec === 'string' ? { path: spec } : (spec as Doc);
  const path = opts.path;
  if (typeof path !== 'string' || !path.startsWith('$'))
    return fail(28818, "path option to $unwind stage should be prefixed with a '$'");
  const field = path.slice(1);
  const preserve = opts.preserveNullAndEmptyArrays === true;
  const indexField = typeof opts.includeArrayIndex === 'string' ? opts.includeArrayIndex : undefined;
  const out: Doc[] = [];
  for (const doc of docs) {
    const value = getPath(doc, field.split('.'));
    if (Array.isArray(value) && value.length > 0) {
      value.forEach((el, i) => {
        const copy = clone(doc);
        setField(copy, field, el);
        if (indexField) copy[indexField] = BigInt(i);
        out.push(copy);
      });
    } else if (value !== undefined && value !== null && !Array.isArray(value)) {
      const copy = indexField ? { ...doc, [indexField]: null } : doc;
      out.push(copy);
    } else if (preserve) {
      const copy = clone(doc);
      if (Array.isArray(value)) setField(copy, field, undefined);
      if (indexField) copy[indexField] = null;
      out.push(copy);
    }
  }
  return out;
}

function lookup(spec: Doc, docs: Doc[], env: PipelineEnv): Doc[] {
  const from = spec.from;
  const as = spec.as;
  if (typeof from !== 'string') return fail(codes.FailedToParse, "$lookup requires a 'from' collection name");
  if (typeof as !== 'string') return fail(codes.FailedToParse, "$lookup requires an 'as' field");
  const local = typeof spec.localField === 'string' ? spec.localField : undefined;
  const foreign = typeof spec.foreignField === 'string' ? spec.foreignField : undefined;
  const pipeline = Array.isArray(spec.pipeline) ? (spec.pipeline as Doc[]) : undefined;
  if (!pipeline && (!local || !foreign))
    fail(codes.FailedToParse, '$lookup requires localField and foreignField, or a pipeline');
  let all: Doc[] | undefined;
  return docs.map((doc) => {
    let matches: Doc[];
    if (local && foreign) {
      const values: unknown[] = [];
      for (const v of collectValues(doc, local.split('.'))) {
        if (Array.isArray(v)) values.push(...v);
        else values.push(v === undefined ? null : v);
      }
      matches = env.lookup(from, { [foreign]: { $in: values } });
    } else {
      all ??= env.lookup(from, undefined);
      matches = all;
    }
    if (pipeline) {
      const vars: Vars = { ...env.vars };
      for (const [k, v] of Object.entries((spec.let as Doc) ?? {})) vars[k] = evaluate(v, doc, env.vars);
      matches = runPipeline(matches, pipeline, {
        ...env,
        vars,
        match: { ...env.match, evalExpr: (e, d) => evaluate(e, d, vars) },
      });
    }
    return { ...doc, [as]: matches };
  });
}

function runStage(name: string, arg: unknown, docs: Doc[], env: PipelineEnv): Doc[] {
  const vars = env.vars ?? {};
  if (env.match.documentDbMode && documentDbUnsupportedStages.has(name)) {
    fail(codes.FeatureNotSupported, `Aggregation stage not supported: '${name}' (Amazon DocumentDB)`);
  }
  switch (name) {
    case '$match': {
      const pred = compileFilter(arg, env.match);
      return docs.filter(pred);
    }
    case '$sort': {
      const cmp = compileSort(arg);
      return cmp ? [...docs].sort(cmp) : docs;
    }
    case '$skip':
      return docs.slice(toNumber(arg));
    case '$limit': {
      const n = toNumber(arg);
      if (!(n > 0)) fail(15958, 'the limit must be positive');
      return docs.slice(0, n);
    }
    case '$project':
      if (!isPlainObject(arg)) fail(15969, '$project specification must be an object');
      return project(arg as Doc, docs, vars);
    case '$addFields':
    case '$set': {
      if (!isPlainObject(arg)) fail(40272, `${name} specification stage must be an object`);
      // `{a: {c: 1}}` adds a.c into an existing embedded document, as dotted paths do.
      const fields = Object.entries(flattenProjection(arg as Doc));
      return docs.map((doc) => {
        const copy = clone(doc);
        for (const [k, v] of fields) setField(copy, k, evaluate(v, doc, vars));
        return copy;
      });
    }
    case '$unset': {
      const fields = (Array.isArray(arg) ? arg : [arg]) as string[];
      const spec: Doc = {};
      for (const f of fields) spec[f] = 0;
      return project(spec, docs, vars);
    }
    case '$group':
      if (!isPlainObject(arg)) fail(15947, 'a group stage specification must be an object');
      return group(arg as Doc, docs, vars);
    case '$unwind':
      return unwind(arg, docs);
    case '$count': {
      if (typeof arg !== 'string' || arg === '') fail(40156, 'the count field must be a non-empty string');
      return docs.length === 0 ? [] : [{ [arg as string]: docs.length }];
    }
    case '$lookup':
      if (!isPlainObject(arg)) fail(codes.FailedToParse, '$lookup specification must be an object');
      return lookup(arg as Doc, docs, env);
    case '$replaceRoot':
    case '$replaceWith': {
      const expr = name === '$replaceRoot' ? (arg as Doc).newRoot : arg;
      return docs.map((doc) => {
        const r = evaluate(expr, doc, vars);
        if (!isPlainObject(r)) fail(40228, `'newRoot' expression must evaluate to an object`);
        return r as Doc;
      });
    }
    case '$sortByCount': {
      const grouped = group({ _id: arg, count: { $sum: 1 } }, docs, vars);
      return grouped.sort((a, b) => compareValues(b.count, a.count));
    }
    case '$facet': {
      const out: Doc = {};
      for (const [k, p] of Object.entries(arg as Doc)) out[k] = runPipeline(docs, p as Doc[], env);
      return [out];
    }
    case '$sample': {
      const size = toNumber((arg as Doc).size);
      const copy = [...docs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as Doc, copy[i] as Doc];
      }
      return copy.slice(0, size);
    }
    case '$bucket': {
      const spec = arg as Doc;
      if (!isPlainObject(spec) || !Array.isArray(spec.boundaries) || spec.boundaries.length < 2) {
        fail(40192, "The $bucket 'boundaries' field must be an array of at least two values");
      }
      const bounds = spec.boundaries as unknown[];
      const out = (spec.output as Doc) ?? { count: { $sum: 1 } };
      const buckets = new Map<string, { id: unknown; docs: Doc[] }>();
      for (const doc of docs) {
        const v = evaluate(spec.groupBy, doc, vars);
        let id: unknown = spec.default;
        for (let i = 0; i < bounds.length - 1; i++) {
          if (compareValues(v, bounds[i]) >= 0 && compareValues(v, bounds[i + 1]) < 0) id = bounds[i];
        }
        if (id === undefined)
          fail(40066, '$bucket could not find a matching branch for an input, and no default was specified.');
        const k = keyOf(id);
        const bucket = buckets.get(k);
        if (bucket) bucket.docs.push(doc);
        else buckets.set(k, { id, docs: [doc] });
      }
      const result: Doc[] = [];
      for (const { id, docs: list } of buckets.values()) {
        const [g] = group({ _id: { $literal: id }, ...out }, list, vars);
        if (g) result.push(g);
      }
      return result.sort((a, b) => compareValues(a._id, b._id));
    }
    case '$out': {
      const target = typeof arg === 'string' ? arg : ((arg as Doc).coll as string);
      if (!env.out) fail(codes.IllegalOperation, '$out is not supported here');
      env.out?.(target, docs);
      return [];
    }
    case '$unionWith': {
      const spec = typeof arg === 'string' ? { coll: arg } : (arg as Doc);
      if (typeof spec.coll !== 'string') fail(codes.FailedToParse, '$unionWith requires a collection name');
      let other = env.lookup(spec.coll as string, undefined);
      if (Array.isArray(spec.pipeline)) other = runPipeline(other, spec.pipeline as Doc[], env);
      return [...docs, ...other];
    }
    case '$merge':
      return fail(codes.FeatureNotSupported, '$merge is not supported by docdb-local');
    case '$graphLookup':
      return fail(codes.FeatureNotSupported, '$graphLookup is not supported by docdb-local');
    default:
      return fail(40324, `Unrecognized pipeline stage name: '${name}'`);
  }
}
