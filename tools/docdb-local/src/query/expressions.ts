/** Aggregation expressions ($add, $cond, field paths, ...), evaluated over stored BSON values. */
import { Decimal128, ObjectId } from 'bson';
import { asBadValue, codes, fail } from '../errors.ts';
import {
  arith,
  bsonTypeNumber,
  compareValues,
  type Doc,
  isNumeric,
  isPlainObject,
  isTruthy,
  makeNumber,
  toNumber,
  valuesEqual,
} from '../values.ts';

export type Vars = Record<string, unknown>;

/** Marker for `$$REMOVE`: the field is left out. */
export const REMOVE = undefined;

function fieldPath(value: unknown, parts: string[], i = 0): unknown {
  if (i === parts.length) return value;
  const seg = parts[i] as string;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const el of value) {
      if (isPlainObject(el) || Array.isArray(el)) {
        const v = fieldPath(el, parts, i);
        if (v !== undefined) out.push(v);
      }
    }
    return out;
  }
  if (isPlainObject(value)) return fieldPath(value[seg], parts, i + 1);
  return undefined;
}

export function evaluate(expr: unknown, doc: Doc, vars: Vars = {}): unknown {
  if (typeof expr === 'string') {
    if (expr.startsWith('$$')) {
      const [name, ...rest] = expr.slice(2).split('.');
      let base: unknown;
      if (name === 'ROOT') base = vars.ROOT ?? doc;
      else if (name === 'CURRENT') base = doc;
      else if (name === 'NOW') base = vars.NOW ?? new Date();
      else if (name === 'REMOVE') return REMOVE;
      else if (name !== undefined && name in vars) base = vars[name];
      else return fail(17276, `Use of undefined variable: ${name}`);
      return rest.length ? fieldPath(base, rest) : base;
    }
    if (expr.startsWith('$')) return fieldPath(doc, expr.slice(1).split('.'));
    return expr;
  }
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, doc, vars));
  if (isPlainObject(expr)) {
    const keys = Object.keys(expr);
    if (keys.length === 1 && (keys[0] as string).startsWith('$')) {
      const op = keys[0] as string;
      const impl = operators[op];
      if (!impl) return fail(codes.InvalidPipelineOperator, `Unrecognized expression '${op}'`);
      return asBadValue(op, () => impl(expr[op], doc, vars));
    }
    const out: Doc = {};
    for (const k of keys) {
      if (k.startsWith('$'))
        fail(
          codes.Location16410 as number,
          `FieldPath field names may not start with '$'. Consider using $getField or $setField.`,
        );
      const v = evaluate(expr[k], doc, vars);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return expr;
}

type Op = (arg: unknown, doc: Doc, vars: Vars) => unknown;

function args(arg: unknown, doc: Doc, vars: Vars): unknown[] {
  return Array.isArray(arg) ? arg.map((a) => evaluate(a, doc, vars)) : [evaluate(arg, doc, vars)];
}

function nullish(v: unknown): boolean {
  return v === null || v === undefined;
}

function numericArgs(op: string, values: unknown[]): boolean {
  if (values.some(nullish)) return false;
  for (const v of values)
    if (!isNumeric(v) && !(v instanceof Date))
      fail(16554, `${op} only supports numeric or date types, not ${typeof v}`);
  return true;
}

function cmp(op: string): Op {
  return (arg, doc, vars) => {
    const [a, b] = args(arg, doc, vars);
    const c = compareValues(a, b);
    switch (op) {
      case '$eq':
        return c === 0;
      case '$ne':
        return c !== 0;
      case '$gt':
        return c > 0;
      case '$gte':
        return c >= 0;
      case '$lt':
        return c < 0;
      case '$lte':
        return c <= 0;
      default:
        return c;
    }
  };
}

function toDouble(v: unknown): unknown {
  return makeNumber(toNumber(v), true);
}

function mathOp(fn: (x: number) => number): Op {
  return (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    if (nullish(v)) return null;
    if (!isNumeric(v)) fail(28765, 'argument must be a number');
    const r = fn(toNumber(v));
    return typeof v === 'number' && Number.isInteger(v) && Number.isInteger(r) ? r : makeNumber(r, true);
  };
}

function dateOf(v: unknown): Date {
  if (v instanceof Date) return v;
  if (v instanceof ObjectId) return v.getTimestamp();
  return fail(16006, "can't convert to date");
}

function datePart(fn: (d: Date) => number): Op {
  return (arg, doc, vars) => {
    const v = evaluate(isPlainObject(arg) && 'date' in arg ? arg.date : arg, doc, vars);
    if (nullish(v)) return null;
    return fn(dateOf(v));
  };
}

function sumOf(values: unknown[]): unknown {
  let total: unknown = 0;
  for (const v of values) if (isNumeric(v)) total = arith(total, v, 'add');
  return total;
}

export function avgOf(values: unknown[]): unknown {
  const nums = values.filter(isNumeric);
  if (nums.length === 0) return null;
  const total = sumOf(nums);
  if (total instanceof Decimal128) {
    return Decimal128.fromString(String(Number.parseFloat(total.toString()) / nums.length));
  }
  return makeNumber(toNumber(total) / nums.length, true);
}

function arrayArg(op: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) fail(28689, `${op} requires an array argument`);
  return v as unknown[];
}

function formatDate(format: string, d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return format.replace(/%([YmdHMSLjwuUGVz%])/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return String(d.getUTCFullYear());
      case 'm':
        return pad(d.getUTCMonth() + 1);
      case 'd':
        return pad(d.getUTCDate());
      case 'H':
        return pad(d.getUTCHours());
      case 'M':
        return pad(d.getUTCMinutes());
      case 'S':
        return pad(d.getUTCSeconds());
      case 'L':
        return pad(d.getUTCMilliseconds(), 3);
      case 'z':
        return '+0000';
      case '%':
        return '%';
      default:
        return '';
    }
  });
}

const operators: Record<string, Op> = {
  $literal: (arg) => arg,
  $add: (arg, doc, vars) => {
    const vs = args(arg, doc, vars);
    if (!numericArgs('$add', vs)) return null;
    const date = vs.find((v) => v instanceof Date) as Date | undefined;
    if (date)
      return new Date(vs.reduce<number>((t, v) => t + (v instanceof Date ? v.getTime() : toNumber(v)), 0));
    return vs.reduce((t, v) => arith(t, v, 'add'), 0);
  },
  $subtract: (arg, doc, vars) => {
    const [a, b] = args(arg, doc, vars);
    if (!numericArgs('$subtract', [a, b])) return null;
    if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
    if (a instanceof Date) return new Date(a.getTime() - toNumber(b));
    return arith(a, arith(b, -1, 'mul'), 'add');
  },
  $multiply: (arg, doc, vars) => {
    const vs = args(arg, doc, vars);
    if (!numericArgs('$multiply', vs)) return null;
    return vs.reduce((t, v) => arith(t, v, 'mul'), 1);
  },
  $divide: (arg, doc, vars) => {
    const [a, b] = args(arg, doc, vars);
    if (!numericArgs('$divide', [a, b])) return null;
    if (toNumber(b) === 0) fail(2, "can't $divide by zero");
    if (a instanceof Decimal128 || b instanceof Decimal128)
      return Decimal128.fromString(String(toNumber(a) / toNumber(b)));
    return makeNumber(toNumber(a) / toNumber(b), true);
  },
  $mod: (arg, doc, vars) => {
    const [a, b] = args(arg, doc, vars);
    if (!numericArgs('$mod', [a, b])) return null;
    return toNumber(a) % toNumber(b);
  },
  $abs: mathOp(Math.abs),
  $ceil: mathOp(Math.ceil),
  $floor: mathOp(Math.floor),
  $sqrt: mathOp(Math.sqrt),
  $trunc: mathOp(Math.trunc),
  $round: (arg, doc, vars) => {
    const [v, places] = args(arg, doc, vars);
    if (nullish(v)) return null;
    const p = places === undefined ? 0 : toNumber(places);
    const f = 10 ** p;
    const r = Math.round(toNumber(v) * f) / f;
    return v instanceof Decimal128
      ? Decimal128.fromString(r.toFixed(Math.max(0, p)))
      : makeNumber(r, typeof v !== 'number' || !Number.isInteger(v));
  },
  $eq: cmp('$eq'),
  $ne: cmp('$ne'),
  $gt: cmp('$gt'),
  $gte: cmp('$gte'),
  $lt: cmp('$lt'),
  $lte: cmp('$lte'),
  $cmp: cmp('$cmp'),
  $and: (arg, doc, vars) => (Array.isArray(arg) ? arg : [arg]).every((a) => isTruthy(evaluate(a, doc, vars))),
  $or: (arg, doc, vars) => (Array.isArray(arg) ? arg : [arg]).some((a) => isTruthy(evaluate(a, doc, vars))),
  $not: (arg, doc, vars) => !isTruthy(args(arg, doc, vars)[0]),
  $cond: (arg, doc, vars) => {
    const [c, t, e] = Array.isArray(arg) ? arg : [(arg as Doc).if, (arg as Doc).then, (arg as Doc).else];
    return isTruthy(evaluate(c, doc, vars)) ? evaluate(t, doc, vars) : evaluate(e, doc, vars);
  },
  $ifNull: (arg, doc, vars) => {
    const list = arg as unknown[];
    for (let i = 0; i < list.length - 1; i++) {
      const v = evaluate(list[i], doc, vars);
      if (!nullish(v)) return v;
    }
    return evaluate(list[list.length - 1], doc, vars);
  },
  $switch: (arg, doc, vars) => {
    const spec = arg as Doc;
    for (const b of (spec.branches as Doc[]) ?? [])
      if (isTruthy(evaluate(b.case, doc, vars))) return evaluate(b.then, doc, vars);
    if (spec.default === undefined)
      fail(40066, '$switch could not find a matching branch for an input, and no default was specified.');
    return evaluate(spec.default, doc, vars);
  },
  $concat: (arg, doc, vars) => {
    const vs = args(arg, doc, vars);
    if (vs.some(nullish)) return null;
    for (const v of vs) if (typeof v !== 'string') fail(16702, '$concat only supports strings');
    return vs.join('');
  },
  $toLower: (arg, doc, vars) => String(args(arg, doc, vars)[0] ?? '').toLowerCase(),
  $toUpper: (arg, doc, vars) => String(args(arg, doc, vars)[0] ?? '').toUpperCase(),
  $strLenCP: (arg, doc, vars) => [...String(args(arg, doc, vars)[0])].length,
  $substr: (arg, doc, vars) => substr(args(arg, doc, vars)),
  $substrCP: (arg, doc, vars) => substr(args(arg, doc, vars)),
  $substrBytes: (arg, doc, vars) => substr(args(arg, doc, vars)),
  $split: (arg, doc, vars) => {
    const [s, d] = args(arg, doc, vars);
    return nullish(s) ? null : String(s).split(String(d));
  },
  $trim: (arg, doc, vars) => {
    const v = evaluate((arg as Doc).input, doc, vars);
    return nullish(v) ? null : String(v).trim();
  },
  $toString: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    if (nullish(v)) return null;
    if (v instanceof Date) return v.toISOString();
    if (v instanceof ObjectId) return v.toHexString();
    return isNumeric(v) ? (v instanceof Decimal128 ? v.toString() : String(toNumber(v))) : String(v);
  },
  $toInt: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    return nullish(v) ? null : Math.trunc(typeof v === 'string' ? Number(v) : toNumber(v));
  },
  $toLong: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    return nullish(v) ? null : BigInt(Math.trunc(typeof v === 'string' ? Number(v) : toNumber(v)));
  },
  $toDouble: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    return nullish(v)
      ? null
      : toDouble(typeof v === 'string' ? Number(v) : v instanceof Date ? v.getTime() : v);
  },
  $toDecimal: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    if (nullish(v)) return null;
    return v instanceof Decimal128
      ? v
      : Decimal128.fromString(typeof v === 'string' ? v : String(toNumber(v)));
  },
  $toBool: (arg, doc, vars) => isTruthy(args(arg, doc, vars)[0]),
  $toDate: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    if (nullish(v)) return null;
    return v instanceof Date ? v : new Date(typeof v === 'string' ? v : toNumber(v));
  },
  $toObjectId: (arg, doc, vars) => {
    const [v] = args(arg, doc, vars);
    return nullish(v) ? null : v instanceof ObjectId ? v : new ObjectId(String(v));
  },
  $type: (arg, doc, vars) => {
    const v = args(arg, doc, vars)[0];
    if (v === undefined) return 'missing';
    const names: Record<number, string> = {
      1: 'double',
      2: 'string',
      3: 'object',
      4: 'array',
      5: 'binData',
      7: 'objectId',
      8: 'bool',
      9: 'date',
      10: 'null',
      11: 'regex',
      16: 'int',
      17: 'timestamp',
      18: 'long',
      19: 'decimal',
    };
    return names[bsonTypeNumber(v)] ?? 'object';
  },
  $size: (arg, doc, vars) => arrayArg('$size', args(arg, doc, vars)[0]).length,
  $arrayElemAt: (arg, doc, vars) => {
    const [a, i] = args(arg, doc, vars);
    if (nullish(a)) return null;
    const arr = arrayArg('$arrayElemAt', a);
    const n = toNumber(i);
    return arr[n < 0 ? arr.length + n : n];
  },
  $first: (arg, doc, vars) => {
    const a = args(arg, doc, vars)[0];
    return nullish(a) ? null : arrayArg('$first', a)[0];
  },
  $last: (arg, doc, vars) => {
    const a = args(arg, doc, vars)[0];
    return nullish(a) ? null : arrayArg('$last', a).at(-1);
  },
  $in: (arg, doc, vars) => {
    const [v, a] = args(arg, doc, vars);
    return arrayArg('$in', a).some((x) => valuesEqual(x, v));
  },
  $isArray: (arg, doc, vars) => Array.isArray(args(arg, doc, vars)[0]),
  $concatArrays: (arg, doc, vars) => {
    const vs = args(arg, doc, vars);
    if (vs.some(nullish)) return null;
    return vs.flatMap((v) => arrayArg('$concatArrays', v));
  },
  $slice: (arg, doc, vars) => {
    const [a, x, y] = args(arg, doc, vars);
    if (nullish(a)) return null;
    const arr = arrayArg('$slice', a);
    if (y === undefined) {
      const n = toNumber(x);
      return n >= 0 ? arr.slice(0, n) : arr.slice(n);
    }
    const start = toNumber(x) < 0 ? Math.max(0, arr.length + toNumber(x)) : toNumber(x);
    return arr.slice(start, start + toNumber(y));
  },
  $reverseArray: (arg, doc, vars) => {
    const a = args(arg, doc, vars)[0];
    return nullish(a) ? null : [...arrayArg('$reverseArray', a)].reverse();
  },
  $range: (arg, doc, vars) => {
    const [s, e, st] = args(arg, doc, vars).map((v) => (v === undefined ? undefined : toNumber(v)));
    const step = st ?? 1;
    const out: number[] = [];
    for (let i = s as number; step > 0 ? i < (e as number) : i > (e as number); i += step) out.push(i);
    return out;
  },
  $map: (arg, doc, vars) => {
    const spec = arg as Doc;
    const input = evaluate(spec.input, doc, vars);
    if (nullish(input)) return null;
    const name = typeof spec.as === 'string' ? spec.as : 'this';
    return arrayArg('$map', input).map((el) => evaluate(spec.in, doc, { ...vars, [name]: el }));
  },
  $filter: (arg, doc, vars) => {
    const spec = arg as Doc;
    const input = evaluate(spec.input, doc, vars);
    if (nullish(input)) return null;
    const name = typeof spec.as === 'string' ? spec.as : 'this';
    const out = arrayArg('$filter', input).filter((el) =>
      isTruthy(evaluate(spec.cond, doc, { ...vars, [name]: el })),
    );
    return spec.limit === undefined ? out : out.slice(0, toNumber(evaluate(spec.limit, doc, vars)));
  },
  $reduce: (arg, doc, vars) => {
    const spec = arg as Doc;
    const input = evaluate(spec.input, doc, vars);
    if (nullish(input)) return null;
    let value = evaluate(spec.initialValue, doc, vars);
    for (const el of arrayArg('$reduce', input)) value = evaluate(spec.in, doc, { ...vars, value, this: el });
    return value;
  },
  $let: (arg, doc, vars) => {
    const spec = arg as Doc;
    const next = { ...vars };
    for (const [k, v] of Object.entries((spec.vars as Doc) ?? {})) next[k] = evaluate(v, doc, vars);
    return evaluate(spec.in, doc, next);
  },
  $mergeObjects: (arg, doc, vars) => {
    const out: Doc = {};
    for (const v of args(arg, doc, vars)) {
      if (Array.isArray(v)) for (const x of v) Object.assign(out, x);
      else if (isPlainObject(v)) Object.assign(out, v);
    }
    return out;
  },
  $objectToArray: (arg, doc, vars) => {
    const v = args(arg, doc, vars)[0];
    return isPlainObject(v) ? Object.entries(v).map(([k, x]) => ({ k, v: x })) : null;
  },
  $arrayToObject: (arg, doc, vars) => {
    let v = args(arg, doc, vars)[0];
    if (Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && Array.isArray(arg)) v = v[0];
    const out: Doc = {};
    for (const e of arrayArg('$arrayToObject', v)) {
      if (Array.isArray(e)) out[String(e[0])] = e[1];
      else if (isPlainObject(e)) out[String(e.k)] = e.v;
    }
    return out;
  },
  $getField: (arg, doc, vars) => {
    const spec = isPlainObject(arg) ? arg : { field: arg };
    const input = spec.input === undefined ? doc : evaluate(spec.input, doc, vars);
    return isPlainObject(input) ? input[String(evaluate(spec.field, doc, vars))] : undefined;
  },
  $setUnion: (arg, doc, vars) => setOf(args(arg, doc, vars).flatMap((a) => arrayArg('$setUnion', a))),
  $setIntersection: (arg, doc, vars) => {
    const [first, ...rest] = args(arg, doc, vars).map((a) => arrayArg('$setIntersection', a));
    return setOf((first ?? []).filter((x) => rest.every((r) => r.some((y) => valuesEqual(x, y)))));
  },
  $setDifference: (arg, doc, vars) => {
    const [a, b] = args(arg, doc, vars).map((x) => arrayArg('$setDifference', x));
    return setOf((a ?? []).filter((x) => !(b ?? []).some((y) => valuesEqual(x, y))));
  },
  $setIsSubset: (arg, doc, vars) => {
    const [a, b] = args(arg, doc, vars).map((x) => arrayArg('$setIsSubset', x));
    return (a ?? []).every((x) => (b ?? []).some((y) => valuesEqual(x, y)));
  },
  $anyElementTrue: (arg, doc, vars) => arrayArg('$anyElementTrue', args(arg, doc, vars)[0]).some(isTruthy),
  $allElementsTrue: (arg, doc, vars) => arrayArg('$allElementsTrue', args(arg, doc, vars)[0]).every(isTruthy),
  $sum: (arg, doc, vars) => {
    const vs = args(arg, doc, vars);
    return sumOf(vs.length === 1 && Array.isArray(vs[0]) ? (vs[0] as unknown[]) : vs);
  },
  $avg: (arg, doc, vars) => {
    const vs = args(arg, doc, vars);
    return avgOf(vs.length === 1 && Array.isArray(vs[0]) ? (vs[0] as unknown[]) : vs);
  },
  $min: (arg, doc, vars) => extreme(args(arg, doc, vars), -1),
  $max: (arg, doc, vars) => extreme(args(arg, doc, vars), 1),
  $year: datePart((d) => d.getUTCFullYear()),
  $month: datePart((d) => d.getUTCMonth() + 1),
  $dayOfMonth: datePart((d) => d.getUTCDate()),
  $hour: datePart((d) => d.getUTCHours()),
  $minute: datePart((d) => d.getUTCMinutes()),
  $second: datePart((d) => d.getUTCSeconds()),
  $millisecond: datePart((d) => d.getUTCMilliseconds()),
  $dayOfWeek: datePart((d) => d.getUTCDay() + 1),
  $dateToString: (arg, doc, vars) => {
    const spec = arg as Doc;
    const v = evaluate(spec.date, doc, vars);
    if (nullish(v)) return spec.onNull === undefined ? null : evaluate(spec.onNull, doc, vars);
    return formatDate(typeof spec.format === 'string' ? spec.format : '%Y-%m-%dT%H:%M:%S.%LZ', dateOf(v));
  },
  $dateFromString: (arg, doc, vars) => {
    const v = evaluate((arg as Doc).dateString, doc, vars);
    return nullish(v) ? null : new Date(String(v));
  },
  $regexMatch: (arg, doc, vars) => {
    const spec = arg as Doc;
    const input = evaluate(spec.input, doc, vars);
    const re = evaluate(spec.regex, doc, vars);
    const source = re instanceof RegExp ? re.source : String(re);
    const flags =
      typeof spec.options === 'string'
        ? spec.options.replace(/[^imsu]/g, '')
        : re instanceof RegExp
          ? re.flags
          : '';
    return typeof input === 'string' && new RegExp(source, flags).test(input);
  },
  $function: () => fail(31264, '$function is not supported (server-side JavaScript is disabled)'),
  $accumulator: () => fail(31264, '$accumulator is not supported (server-side JavaScript is disabled)'),
};

function substr(vs: unknown[]): string {
  const [s, start, len] = vs;
  if (nullish(s)) return '';
  const str = String(s);
  const st = toNumber(start);
  const l = toNumber(len);
  return str.substr(st, l < 0 ? undefined : l);
}

function setOf(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((x) => valuesEqual(x, v))) out.push(v);
  return out;
}

export function extreme(values: unknown[], dir: number): unknown {
  const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  let best: unknown = null;
  for (const v of list) {
    if (nullish(v)) continue;
    if (best === null || compareValues(v, best) * dir > 0) best = v;
  }
  return best;
}

export function isExpressionOperator(name: string): boolean {
  return name in operators;
}
