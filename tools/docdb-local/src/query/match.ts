/**
 * Query filters compiled to predicates, with MongoDB's semantics for dotted paths, arrays,
 * null/missing and type bracketing (`{$gt: 5}` only matches numbers).
 */
import { BSONRegExp } from 'bson';
import { badValue, codes, fail } from '../errors.ts';
import {
  bsonTypeNumber,
  compareValues,
  type Doc,
  isNumeric,
  isPlainObject,
  toNumber,
  typeAliases,
  typeRank,
  valuesEqual,
} from '../values.ts';
import { collectValues, splitPath } from './paths.ts';

export type Predicate = (doc: Doc) => boolean;
type ValueTest = (v: unknown) => boolean;

export interface MatchOptions {
  /** Refuses operators Amazon DocumentDB does not support. */
  documentDbMode?: boolean;
  /** Evaluates `$expr` (supplied by the aggregation module to avoid a cycle). */
  evalExpr?: (expr: unknown, doc: Doc) => unknown;
}

export function compileFilter(filter: unknown, opts: MatchOptions = {}): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter)) badValue('filter must be an object');
  const parts: Predicate[] = [];
  for (const key of Object.keys(filter as Doc)) {
    const value = (filter as Doc)[key];
    if (key.startsWith('$')) parts.push(compileTopLevel(key, value, opts));
    else parts.push(compileField(key, value, opts));
  }
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0] as Predicate;
  return (doc) => {
    for (const p of parts) if (!p(doc)) return false;
    return true;
  };
}

function compileTopLevel(op: string, value: unknown, opts: MatchOptions): Predicate {
  switch (op) {
    case '$and':
    case '$or':
    case '$nor': {
      if (!Array.isArray(value) || value.length === 0) badValue(`${op} must be a nonempty array`);
      const subs = (value as unknown[]).map((f) => {
        if (!isPlainObject(f)) badValue(`${op} argument's entries must be objects`);
        return compileFilter(f, opts);
      });
      if (op === '$and') return (d) => subs.every((s) => s(d));
      if (op === '$or') return (d) => subs.some((s) => s(d));
      return (d) => !subs.some((s) => s(d));
    }
    case '$comment':
      return () => true;
    case '$expr': {
      const evalExpr = opts.evalExpr;
      if (!evalExpr) return fail(codes.BadValue, '$expr is not supported here');
      return (d) => {
        const r = evalExpr(value, d);
        return r !== undefined && r !== null && r !== false && !(isNumeric(r) && toNumber(r) === 0);
      };
    }
    case '$where':
      return fail(
        opts.documentDbMode ? codes.FeatureNotSupported : codes.BadValue,
        opts.documentDbMode ? 'Feature not supported: $where (Amazon DocumentDB)' : '$where is not supported',
      );
    case '$text':
      return fail(codes.BadValue, '$text requires a text index, which is not supported');
    case '$jsonSchema':
      return fail(codes.BadValue, '$jsonSchema is not supported');
    default:
      return fail(codes.BadValue, `unknown top level operator: ${op}`);
  }
}

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && (keys[0] as string).startsWith('$');
}

function compileField(path: string, cond: unknown, opts: MatchOptions): Predicate {
  const parts = splitPath(path);
  const test = compileCondition(cond, opts);
  return (doc) => test(collectValues(doc, parts));
}

/** A test over all values a path reaches. */
type ValuesTest = (values: unknown[]) => boolean;

function compileCondition(cond: unknown, opts: MatchOptions): ValuesTest {
  if (!isOperatorObject(cond)) return anyValue(equalityTest(cond));
  const obj = cond as Doc;
  const tests: ValuesTest[] = [];
  for (const op of Object.keys(obj)) {
    if (op === '$options') {
      if (!('$regex' in obj)) badValue('$options needs a $regex');
      continue;
    }
    tests.push(compileOperator(op, obj[op], obj, opts));
  }
  if (tests.length === 1) return tests[0] as ValuesTest;
  return (values) => tests.every((t) => t(values));
}

/** Matches when a value, or an element of an array value, passes the test. */
function anyValue(test: ValueTest): ValuesTest {
  return (values) => {
    for (const v of values) {
      if (test(v)) return true;
      if (Array.isArray(v)) for (const el of v) if (test(el)) return true;
    }
    return false;
  };
}

function regexTest(re: RegExp): ValueTest {
  return (v) => {
    if (typeof v === 'string') {
      re.lastIndex = 0;
      return re.test(v);
    }
    if (v instanceof RegExp) return v.source === re.source && v.flags === re.flags;
    return false;
  };
}

export function toRegExp(pattern: unknown, options?: unknown): RegExp {
  let source: string;
  let flags = typeof options === 'string' ? options : '';
  if (pattern instanceof RegExp) {
    source = pattern.source;
    if (options === undefined) flags = pattern.flags;
  } else if (pattern instanceof BSONRegExp) {
    source = pattern.pattern;
    if (options === undefined) flags = pattern.options;
  } else if (typeof pattern === 'string') {
    source = pattern;
  } else {
    return badValue('$regex has to be a string');
  }
  const jsFlags = [...new Set(flags.split(''))].filter((f) => 'imsu'.includes(f)).join('');
  try {
    return new RegExp(source, jsFlags);
  } catch {
    return fail(51091, `Regular expression is invalid: ${source}`);
  }
}

function equalityTest(value: unknown): ValueTest {
  if (value instanceof RegExp || value instanceof BSONRegExp) return regexTest(toRegExp(value));
  if (value === null || value === undefined) return (v) => v === null || v === undefined;
  const rank = typeRank(value);
  return (v) => typeRank(v) === rank && compareValues(v, value) === 0;
}

function rangeTest(op: string, value: unknown): ValueTest {
  const rank = typeRank(value);
  const accept =
    op === '$gt'
      ? (c: number) => c > 0
      : op === '$gte'
        ? (c: number) => c >= 0
        : op === '$lt'
          ? (c: number) => c < 0
          : (c: number) => c <= 0;
  if (value === null || value === undefined) {
    // Only equality with null survives type bracketing.
    return op === '$gte' || op === '$lte' ? (v) => v === null || v === undefined : () => false;
  }
  return (v) => {
    if (typeRank(v) !== rank) return false;
    return accept(compareValues(v, value));
  };
}

function typeTest(spec: unknown): ValueTest {
  const list = Array.isArray(spec) ? spec : [spec];
  const wanted = new Set<number>();
  let numberAlias = false;
  for (const t of list) {
    if (t === 'number') numberAlias = true;
    else if (typeof t === 'string') {
      const n = typeAliases[t];
      if (n === undefined) badValue(`Unknown type name alias: ${t}`);
      wanted.add(n as number);
    } else if (isNumeric(t)) wanted.add(toNumber(t));
    else badValue('type must be represented as a number or a string');
  }
  return (v) => v !== undefined && ((numberAlias && isNumeric(v)) || wanted.has(bsonTypeNumber(v)));
}

function compileOperator(op: string, arg: unknown, whole: Doc, opts: MatchOptions): ValuesTest {
  switch (op) {
    case '$eq':
      return anyValue(equalityTest(arg));
    case '$ne': {
      const t = anyValue(equalityTest(arg));
      return (values) => !t(values);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (arg instanceof RegExp) badValue(`Can't have RegEx as arg to predicate over field`);
      return anyValue(rangeTest(op, arg));
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg)) badValue(`${op} needs an array`);
      const tests = (arg as unknown[]).map((a) => {
        if (isOperatorObject(a)) badValue('cannot nest $ under $in');
        return equalityTest(a);
      });
      const t = anyValue((v) => tests.some((x) => x(v)));
      return op === '$in' ? t : (values) => !t(values);
    }
    case '$exists': {
      const want = arg !== false && arg !== 0 && arg !== null && !(isNumeric(arg) && toNumber(arg) === 0);
      return (values) => values.some((v) => v !== undefined) === want;
    }
    case '$type': {
      const t = typeTest(arg);
      return (values) => values.some((v) => t(v) || (Array.isArray(v) && v.some(t)));
    }
    case '$regex':
      return anyValue(regexTest(toRegExp(arg, whole.$options)));
    case '$size': {
      if (!isNumeric(arg)) badValue('$size needs a number');
      const n = toNumber(arg);
      return (values) => values.some((v) => Array.isArray(v) && v.length === n);
    }
    case '$all': {
      if (!Array.isArray(arg)) badValue('$all needs an array');
      if ((arg as unknown[]).length === 0) return () => false;
      const tests = (arg as unknown[]).map((a) =>
        isPlainObject(a) && '$elemMatch' in a
          ? compileOperator('$elemMatch', a.$elemMatch, a, opts)
          : anyValue(equalityTest(a)),
      );
      return (values) => tests.every((t) => t(values));
    }
    case '$elemMatch': {
      if (!isPlainObject(arg)) badValue('$elemMatch needs an Object');
      const isValueQuery =
        isOperatorObject(arg) && !['$and', '$or', '$nor', '$expr'].includes(Object.keys(arg)[0] as string);
      let elemTest: ValueTest;
      if (isValueQuery) {
        const inner = compileCondition(arg, opts);
        elemTest = (el) => inner([el]);
      } else {
        const inner = compileFilter(arg, opts);
        elemTest = (el) => isPlainObject(el) && inner(el);
      }
      return (values) => values.some((v) => Array.isArray(v) && v.some(elemTest));
    }
    case '$not': {
      if (arg instanceof RegExp || arg instanceof BSONRegExp) {
        const t = anyValue(regexTest(toRegExp(arg)));
        return (values) => !t(values);
      }
      if (!isOperatorObject(arg)) badValue('$not needs a regex or a document');
      const t = compileCondition(arg, opts);
      return (values) => !t(values);
    }
    case '$mod': {
      if (!Array.isArray(arg) || arg.length !== 2)
        badValue('malformed mod, needs to be an array of two numbers');
      const [d, r] = (arg as unknown[]).map(toNumber) as [number, number];
      if (d === 0) badValue('divisor cannot be 0');
      return anyValue((v) => isNumeric(v) && Math.trunc(toNumber(v)) % Math.trunc(d) === Math.trunc(r));
    }
    case '$comment':
      return () => true;
    case '$bitsAllSet':
    case '$bitsAnySet':
    case '$bitsAllClear':
    case '$bitsAnyClear':
      return bitsTest(op, arg);
    case '$where':
      return fail(codes.BadValue, '$where is not allowed inside a field');
    default:
      return fail(codes.BadValue, `unknown operator: ${op}`);
  }
}

function bitsTest(op: string, arg: unknown): ValuesTest {
  let mask = 0n;
  const position = (b: unknown) => {
    const n = toNumber(b);
    if (!Number.isInteger(n) || n < 0 || n > 63) badValue(`${op} bit positions must be integers in [0, 63]`);
    return BigInt(n);
  };
  if (Array.isArray(arg)) for (const b of arg) mask |= 1n << position(b);
  else {
    const n = toNumber(arg);
    if (!Number.isInteger(n) || n < 0)
      badValue(`${op} takes a non-negative integer bitmask or an array of positions`);
    mask = BigInt(n);
  }
  return anyValue((v) => {
    if (!isNumeric(v)) return false;
    const n = toNumber(v);
    if (!Number.isInteger(n)) return false;
    const x = BigInt.asUintN(64, BigInt(n));
    switch (op) {
      case '$bitsAllSet':
        return (x & mask) === mask;
      case '$bitsAnySet':
        return (x & mask) !== 0n;
      case '$bitsAllClear':
        return (x & mask) === 0n;
      default:
        return (x & mask) !== mask;
    }
  });
}

/** True when `a` equals `b` as a query `{field: b}` would see it (used by $pull and arrayFilters). */
export function matchesValue(v: unknown, cond: unknown, opts: MatchOptions = {}): boolean {
  if (isOperatorObject(cond)) return compileCondition(cond, opts)([v]);
  if (isPlainObject(cond) && isPlainObject(v)) return valuesEqual(v, cond);
  return equalityTest(cond)(v);
}
