/**
 * Update documents: operators ($set, $inc, $push, ...), replacements, positional `$`, `$[]`
 * and `$[id]` with arrayFilters. Always works on a copy: stored documents are immutable.
 */
import { ObjectId, Timestamp } from 'bson';
import { asBadValue, codes, fail } from '../errors.ts';
import {
  arith,
  bsonTypeNumber,
  clone,
  compareValues,
  type Doc,
  isNumeric,
  isPlainObject,
  toNumber,
  valuesEqual,
} from '../values.ts';
import { compileFilter, type MatchOptions, matchesValue } from './match.ts';
import { getPath, isIndexSegment } from './paths.ts';

export interface UpdateContext {
  /** True while building the document of an upsert (enables $setOnInsert). */
  isInsert: boolean;
  arrayFilters?: Doc[];
  /** Index of the array element the query matched, for the positional `$`. */
  positional?: (arrayPath: string[]) => number | undefined;
  match?: MatchOptions;
}

export function isOperatorUpdate(update: Doc): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && (keys[0] as string).startsWith('$');
}

export function validateUpdate(update: unknown): Doc {
  if (!isPlainObject(update))
    return fail(codes.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length !== keys.length)
    fail(codes.FailedToParse, 'Update document cannot mix operators and fields');
  if (ops.length === 0) {
    for (const k of keys) checkFieldName(k, true);
  }
  return update;
}

function checkFieldName(k: string, replacement: boolean): void {
  if (replacement && k.includes('.'))
    fail(codes.DollarPrefixedFieldName, `The dotted field '${k}' is not valid for storage.`);
}

/** Replacement: the new document keeps the old `_id` (which it may repeat, but not change). */
export function applyReplacement(oldDoc: Doc | undefined, replacement: Doc): Doc {
  const out: Doc = {};
  const id = oldDoc ? oldDoc._id : replacement._id;
  if (oldDoc && replacement._id !== undefined && !valuesEqual(replacement._id, oldDoc._id)) {
    fail(
      codes.ImmutableField,
      "After applying the update, the (immutable) field '_id' was found to have been altered",
    );
  }
  if (id !== undefined) out._id = id;
  for (const k of Object.keys(replacement)) if (k !== '_id') out[k] = clone(replacement[k]);
  return out;
}

const knownOps = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$setOnInsert',
  '$bit',
]);

/** Applies an operator update to a copy of `doc`. */
export function applyOperators(doc: Doc, update: Doc, ctx: UpdateContext): Doc {
  const out = clone(doc);
  const seen: string[][] = [];
  for (const op of Object.keys(update)) {
    if (!knownOps.has(op))
      fail(
        codes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    const spec = update[op];
    if (!isPlainObject(spec))
      fail(codes.FailedToParse, `Modifiers operate on fields but we found type ${typeof spec} instead.`);
    if (op === '$setOnInsert' && !ctx.isInsert) {
      for (const path of Object.keys(spec as Doc)) registerPath(seen, path.split('.'), path);
      continue;
    }
    for (const path of Object.keys(spec as Doc)) {
      const arg = (spec as Doc)[path];
      if (path === '' || path.startsWith('.') || path.endsWith('.') || path.includes('..')) {
        fail(codes.BadValue, `The update path '${path}' contains an empty field name, which is not allowed.`);
      }
      const parts = path.split('.');
      registerPath(seen, parts, path);
      if (op === '$rename') {
        if (typeof arg !== 'string')
          fail(codes.BadValue, `The 'to' field for $rename must be a string: ${path}: ${String(arg)}`);
        registerPath(seen, (arg as string).split('.'), arg as string);
        if (path === arg)
          fail(codes.BadValue, `The source and target field for $rename must differ: ${path}`);
        if (parts[0] === '_id' || (arg as string).split('.')[0] === '_id') immutableId();
        applyRename(out, parts, (arg as string).split('.'));
        continue;
      }
      if (parts[0] === '_id' && op !== '$setOnInsert' && !(ctx.isInsert && op === '$set')) {
        if (op === '$set' && parts.length === 1 && valuesEqual(arg, doc._id)) continue;
        immutableId();
      }
      for (const concrete of expandPositional(out, parts, ctx, path)) {
        asBadValue(op, () => applyOne(out, op, concrete, arg, ctx));
      }
    }
  }
  return out;
}

function immutableId(): never {
  return fail(
    codes.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

function registerPath(seen: string[][], parts: string[], path: string): void {
  const clean = parts.filter((p) => !p.startsWith('$'));
  for (const other of seen) {
    const n = Math.min(other.length, clean.length);
    let same = true;
    for (let i = 0; i < n; i++) if (other[i] !== clean[i]) same = false;
    if (same) {
      fail(
        codes.ConflictingUpdateOperators,
        `Updating the path '${path}' would create a conflict at '${other.join('.')}'`,
      );
    }
  }
  seen.push(clean);
}

/** Turns `a.$.b`, `a.$[].b` and `a.$[x].b` into the concrete paths they address. */
function expandPositional(doc: Doc, parts: string[], ctx: UpdateContext, path: string): string[][] {
  const idx = parts.findIndex((p) => p.startsWith('$'));
  if (idx < 0) return [parts];
  const seg = parts[idx] as string;
  const prefix = parts.slice(0, idx);
  const rest = parts.slice(idx + 1);
  const arr = getPath(doc, prefix);
  if (seg === '$') {
    const pos = ctx.positional?.(prefix);
    if (pos === undefined) {
      if (ctx.isInsert)
        fail(codes.BadValue, `The positional operator did not find the match needed from the query.`);
      fail(codes.BadValue, 'The positional operator did not find the match needed from the query.');
    }
    return expandPositional(doc, [...prefix, String(pos), ...rest], ctx, path);
  }
  const m = /^\$\[(.*)\]$/.exec(seg);
  if (!m) return fail(codes.BadValue, `Unknown positional element ${seg} in path ${path}`);
  if (!Array.isArray(arr)) {
    if (arr === undefined && ctx.isInsert)
      fail(
        codes.BadValue,
        `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
      );
    return fail(
      codes.BadValue,
      `The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`,
    );
  }
  const ident = m[1] as string;
  let test: ((el: unknown) => boolean) | undefined;
  if (ident !== '') {
    const filter = findArrayFilter(ctx.arrayFilters, ident);
    test = filter;
  }
  const out: string[][] = [];
  arr.forEach((el, i) => {
    if (!test || test(el)) out.push(...expandPositional(doc, [...prefix, String(i), ...rest], ctx, path));
  });
  return out;
}

function findArrayFilter(filters: Doc[] | undefined, ident: string): (el: unknown) => boolean {
  for (const f of filters ?? []) {
    const keys = Object.keys(f);
    const first = keys[0];
    if (!first) continue;
    const root = first.split('.')[0];
    if (root !== ident) continue;
    // Rewrite `{ "x.price": {...} }` into a filter over a wrapper document `{ x: element }`.
    const predicate = compileFilter(f);
    return (el) => predicate({ [ident]: el });
  }
  return fail(codes.BadValue, `No array filter found for identifier '${ident}'`);
}

export function validateArrayFilters(filters: unknown): Doc[] | undefined {
  if (filters === undefined) return undefined;
  if (!Array.isArray(filters)) return fail(codes.TypeMismatch, 'arrayFilters must be an array');
  const seen = new Set<string>();
  for (const f of filters) {
    if (!isPlainObject(f) || Object.keys(f).length === 0)
      fail(codes.FailedToParse, 'Cannot use an expression without a top-level field name in arrayFilters');
    const idents = new Set(Object.keys(f as Doc).map((k) => k.split('.')[0] as string));
    if (idents.size !== 1)
      fail(codes.FailedToParse, 'Error parsing array filter: expected a single top-level field name');
    const ident = [...idents][0] as string;
    if (seen.has(ident))
      fail(codes.FailedToParse, `Found multiple array filters with the same top-level field name ${ident}`);
    seen.add(ident);
  }
  return filters as Doc[];
}

function typeName(v: unknown): string {
  const names: Record<number, string> = {
    1: 'double',
    2: 'string',
    3: 'object',
    4: 'array',
    7: 'objectId',
    8: 'bool',
    9: 'date',
    10: 'null',
    16: 'int',
    18: 'long',
    19: 'decimal',
  };
  return names[bsonTypeNumber(v)] ?? 'unknown';
}

/** Walks to the parent of the last segment, creating documents on the way when asked. */
function parentOf(
  doc: Doc,
  parts: string[],
  create: boolean,
): { parent: Doc | unknown[]; key: string } | undefined {
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const seg = parts[i] as string;
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!isIndexSegment(seg)) {
        if (!create) return undefined;
        return fail(
          codes.PathNotViable,
          `Cannot create field '${seg}' in element {${parts.slice(0, i).join('.')}: [...]}`,
        );
      }
      next = cur[Number(seg)];
      if (next === undefined || next === null) {
        if (!create) return undefined;
        while (cur.length < Number(seg)) cur.push(null);
        next = {};
        cur[Number(seg)] = next;
      }
    } else if (isPlainObject(cur)) {
      next = cur[seg];
      if (next === undefined) {
        if (!create) return undefined;
        next = {};
        cur[seg] = next;
      }
    } else {
      return undefined;
    }
    if (!isPlainObject(next) && !Array.isArray(next)) {
      if (!create) return undefined;
      return fail(
        codes.PathNotViable,
        `Cannot create field '${parts[i + 1]}' in element {${seg}: ${describe(next)}}`,
      );
    }
    cur = next;
  }
  return { parent: cur as Doc | unknown[], key: parts[parts.length - 1] as string };
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function getAt(p: { parent: Doc | unknown[]; key: string }): unknown {
  if (Array.isArray(p.parent)) return isIndexSegment(p.key) ? p.parent[Number(p.key)] : undefined;
  return p.parent[p.key];
}

function setAt(p: { parent: Doc | unknown[]; key: string }, value: unknown): void {
  if (Array.isArray(p.parent)) {
    if (!isIndexSegment(p.key)) fail(codes.PathNotViable, `Cannot create field '${p.key}' in an array`);
    const i = Number(p.key);
    while (p.parent.length < i) p.parent.push(null);
    p.parent[i] = value;
  } else {
    p.parent[p.key] = value;
  }
}

function requireNumber(op: string, v: unknown, path: string[]): void {
  if (!isNumeric(v))
    fail(
      codes.TypeMismatch,
      `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path.join('.')}: ${describe(v)}}`,
    );
}

function applyOne(doc: Doc, op: string, parts: string[], arg: unknown, ctx: UpdateContext): void {
  if (op === '$unset') {
    const p = parentOf(doc, parts, false);
    if (!p) return;
    if (Array.isArray(p.parent)) {
      if (isIndexSegment(p.key) && Number(p.key) < p.parent.length) p.parent[Number(p.key)] = null;
    } else {
      delete p.parent[p.key];
    }
    return;
  }
  const p = parentOf(doc, parts, true) as { parent: Doc | unknown[]; key: string };
  const current = getAt(p);
  switch (op) {
    case '$set':
    case '$setOnInsert':
      setAt(p, clone(arg));
      return;
    case '$inc':
    case '$mul': {
      requireNumber(op, arg, parts);
      if (current === undefined) {
        setAt(p, op === '$inc' ? clone(arg) : arith(arg, 0, 'mul'));
        return;
      }
      if (!isNumeric(current)) {
        fail(
          codes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${describe(doc._id)}} has the field '${parts.join('.')}' of non-numeric type ${typeName(current)}`,
        );
      }
      setAt(p, arith(current, arg, op === '$inc' ? 'add' : 'mul'));
      return;
    }
    case '$min':
    case '$max': {
      if (current === undefined) setAt(p, clone(arg));
      else {
        const c = compareValues(arg, current);
        if ((op === '$min' && c < 0) || (op === '$max' && c > 0)) setAt(p, clone(arg));
      }
      return;
    }
    case '$currentDate': {
      const wantsTs = isPlainObject(arg) && arg.$type === 'timestamp';
      if (isPlainObject(arg) && arg.$type !== 'timestamp' && arg.$type !== 'date') {
        fail(codes.BadValue, "The '$type' string field is required to be 'date' or 'timestamp'");
      }
      const now = Date.now();
      setAt(p, wantsTs ? new Timestamp({ t: Math.floor(now / 1000), i: 1 }) : new Date(now));
      return;
    }
    case '$push':
    case '$addToSet': {
      if (current !== undefined && !Array.isArray(current)) {
        fail(
          codes.BadValue,
          `The field '${parts.join('.')}' must be an array but is of type ${typeName(current)} in document {_id: ${describe(doc._id)}}`,
        );
      }
      const arr = current === undefined ? [] : (current as unknown[]);
      if (current === undefined) setAt(p, arr);
      const hasEach = isPlainObject(arg) && '$each' in arg;
      const items = hasEach ? (arg as Doc).$each : [arg];
      if (!Array.isArray(items)) fail(codes.BadValue, '$each requires an array value');
      if (op === '$addToSet') {
        for (const it of items as unknown[]) if (!arr.some((x) => valuesEqual(x, it))) arr.push(clone(it));
        return;
      }
      applyPush(arr, items as unknown[], hasEach ? (arg as Doc) : {});
      return;
    }
    case '$pull':
    case '$pullAll': {
      if (current === undefined) return;
      if (!Array.isArray(current)) fail(codes.BadValue, `Cannot apply ${op} to a non-array value`);
      if (op === '$pullAll' && !Array.isArray(arg))
        fail(codes.BadValue, '$pullAll requires an array argument');
      const keep =
        op === '$pullAll'
          ? (el: unknown) => !(arg as unknown[]).some((x) => valuesEqual(el, x))
          : pullPredicate(arg, ctx);
      setAt(p, (current as unknown[]).filter(keep));
      return;
    }
    case '$pop': {
      if (current === undefined) return;
      if (!Array.isArray(current))
        fail(
          codes.TypeMismatch,
          `Path '${parts.join('.')}' contains an element of non-array type '${typeName(current)}'`,
        );
      const arr = [...(current as unknown[])];
      if (toNumber(arg) < 0) arr.shift();
      else arr.pop();
      setAt(p, arr);
      return;
    }
    case '$bit': {
      if (!isPlainObject(arg)) fail(codes.BadValue, '$bit needs an object');
      let v = current === undefined ? 0n : BigInt(toNumber(current));
      for (const [k, x] of Object.entries(arg as Doc)) {
        const b = BigInt(toNumber(x));
        if (k === 'and') v &= b;
        else if (k === 'or') v |= b;
        else if (k === 'xor') v ^= b;
        else fail(codes.BadValue, `The $bit modifier only supports 'and', 'or', and 'xor', not '${k}'`);
      }
      setAt(p, typeof current === 'bigint' ? v : Number(BigInt.asIntN(32, v)));
      return;
    }
  }
}

function pullPredicate(arg: unknown, ctx: UpdateContext): (el: unknown) => boolean {
  if (isPlainObject(arg) && !Object.keys(arg).some((k) => k.startsWith('$'))) {
    const f = compileFilter(arg, ctx.match);
    return (el) => !(isPlainObject(el) ? f(el) : false);
  }
  return (el) => !matchesValue(el, arg, ctx.match);
}

function applyPush(arr: unknown[], items: unknown[], mods: Doc): void {
  const position = mods.$position === undefined ? arr.length : toNumber(mods.$position);
  const at = position < 0 ? Math.max(0, arr.length + position) : Math.min(position, arr.length);
  arr.splice(at, 0, ...items.map(clone));
  if (mods.$sort !== undefined) {
    const spec = mods.$sort;
    if (isPlainObject(spec)) {
      const keys = Object.entries(spec).map(([k, d]) => [k.split('.'), toNumber(d)] as const);
      arr.sort((a, b) => {
        for (const [path, dir] of keys) {
          const c = compareValues(getPath(a, path), getPath(b, path));
          if (c !== 0) return c * dir;
        }
        return 0;
      });
    } else {
      const dir = toNumber(spec);
      arr.sort((a, b) => compareValues(a, b) * dir);
    }
  }
  if (mods.$slice !== undefined) {
    const n = toNumber(mods.$slice);
    const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
    arr.length = 0;
    arr.push(...kept);
  }
}

function applyRename(doc: Doc, from: string[], to: string[]): void {
  const src = parentOf(doc, from, false);
  if (!src || Array.isArray(src.parent)) return;
  if (!(src.key in src.parent)) return;
  const value = src.parent[src.key];
  delete src.parent[src.key];
  const dst = parentOf(doc, to, true) as { parent: Doc | unknown[]; key: string };
  setAt(dst, value);
}

/** The document an upsert starts from: the equality fields of its filter. */
export function seedFromFilter(filter: Doc): Doc {
  const out: Doc = {};
  const addEqualities = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) addEqualities(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      let value: unknown = v;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if (!('$eq' in v)) continue;
        value = v.$eq;
      }
      if (value instanceof RegExp) continue;
      const parts = k.split('.');
      const p = parentOf(out, parts, true) as { parent: Doc | unknown[]; key: string };
      setAt(p, clone(value));
    }
  };
  addEqualities(filter);
  return out;
}

/** Puts `_id` first and fills it in when missing, as the server does on insert. */
export function withId(doc: Doc): Doc {
  if (doc._id !== undefined && Object.keys(doc)[0] === '_id') return doc;
  const out: Doc = { _id: doc._id === undefined ? new ObjectId() : doc._id };
  for (const k of Object.keys(doc)) if (k !== '_id') out[k] = doc[k];
  return out;
}
