/**
 * BSON values as the engine stores them, and MongoDB's comparison order over them.
 *
 * Storage form keeps every BSON type round-tripping while letting the common cases stay cheap
 * primitives: int32 and non-integral doubles are plain `number`s (bson serialises them back to
 * the same type), integral doubles keep a `Double` wrapper (bson would otherwise write them as
 * int32), int64 becomes `bigint`, everything else is the bson class instance.
 */
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'bson';

export type Doc = Record<string, unknown>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Converts a freshly deserialised (promoteValues: false) value into storage form, in place. */
export function normalize(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalize(v[i]);
    return v;
  }
  if (isPlainObject(v)) {
    for (const k in v) v[k] = normalize(v[k]);
    return v;
  }
  if (v instanceof Int32) return v.value;
  if (v instanceof Double) {
    const n = v.value;
    return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0) ? v : n;
  }
  if (v instanceof Long) return v.toBigInt();
  if (v instanceof DBRef) return v.toJSON();
  return v;
}

/** Makes a stored value from a JS number produced by arithmetic (keeps double-ness when asked). */
export function makeNumber(n: number, asDouble: boolean): unknown {
  if (asDouble && Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0)) {
    return new Double(n);
  }
  return n;
}

/** Deep copy of plain objects and arrays; bson leaf values are immutable and shared. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k in v) out[k] = clone(v[k]);
    return out as T;
  }
  return v;
}

export function isNumeric(v: unknown): boolean {
  return (
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    v instanceof Double ||
    v instanceof Decimal128 ||
    v instanceof Int32 ||
    v instanceof Long
  );
}

/** A numeric value as a JS number (Decimal128 and int64 approximated). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Double || v instanceof Int32) return v.value;
  if (v instanceof Decimal128) return Number.parseFloat(v.toString());
  if (v instanceof Long) return v.toNumber();
  return Number.NaN;
}

/** MongoDB's canonical BSON type order. Missing and null share a rank, as in sorts. */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(v)) return 5;
  if (isPlainObject(v)) return 4;
  if (v instanceof Double || v instanceof Decimal128 || v instanceof Int32 || v instanceof Long) return 2;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Date) return 9;
  if (v instanceof Binary || v instanceof Uint8Array) return 6;
  if (v instanceof BSONSymbol) return 3;
  if (v instanceof Timestamp) return 10;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 11;
  if (v instanceof MinKey) return 0;
  if (v instanceof MaxKey) return 12;
  if (v instanceof Code) return 13;
  return 4;
}

/** Exact decimal form {sign, digits, exp}: value = sign * digits * 10^exp. */
interface DecimalParts {
  neg: boolean;
  digits: bigint;
  exp: number;
}

function decimalParts(s: string): DecimalParts | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  const digits = BigInt((intPart + frac).replace(/^0+/, '') || '0');
  return { neg: m[1] === '-' && digits !== 0n, digits, exp: Number(m[4] ?? 0) - frac.length };
}

function compareDecimalParts(a: DecimalParts, b: DecimalParts): number {
  if (a.neg !== b.neg) return a.neg ? -1 : 1;
  const exp = Math.min(a.exp, b.exp);
  const da = a.digits * 10n ** BigInt(a.exp - exp);
  const db = b.digits * 10n ** BigInt(b.exp - exp);
  const c = da < db ? -1 : da > db ? 1 : 0;
  return a.neg ? -c : c;
}

function specialNumber(v: unknown): number | null {
  // NaN sorts below every number; infinities at the ends.
  const n = v instanceof Decimal128 ? v.toString() : null;
  if (n === null) {
    const x = typeof v === 'bigint' ? 0 : toNumber(v);
    if (Number.isNaN(x)) return Number.NaN;
    if (!Number.isFinite(x)) return x;
    return null;
  }
  if (n === 'NaN' || n === '-NaN') return Number.NaN;
  if (n === 'Infinity') return Number.POSITIVE_INFINITY;
  if (n === '-Infinity') return Number.NEGATIVE_INFINITY;
  return null;
}

function numberToParts(v: unknown): DecimalParts {
  if (typeof v === 'bigint') return { neg: v < 0n, digits: v < 0n ? -v : v, exp: 0 };
  if (v instanceof Decimal128) return decimalParts(v.toString()) ?? { neg: false, digits: 0n, exp: 0 };
  return decimalParts(String(toNumber(v))) ?? { neg: false, digits: 0n, exp: 0 };
}

export function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1;
  }
  const exact =
    a instanceof Decimal128 || b instanceof Decimal128 || typeof a === 'bigint' || typeof b === 'bigint';
  if (!exact) return compareNumbers(toNumber(a), toNumber(b));
  const sa = specialNumber(a);
  const sb = specialNumber(b);
  if (sa !== null || sb !== null) return compareNumbers(toNumber(a), toNumber(b));
  return compareDecimalParts(numberToParts(a), numberToParts(b));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function cmpPrim<T extends string | number | boolean>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order over BSON values, as MongoDB compares them in sorts and range queries. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 0:
    case 12:
      return 0;
    case 2:
      return compareNumbers(a, b);
    case 3:
      return cmpPrim(
        String(a instanceof BSONSymbol ? a.value : a),
        String(b instanceof BSONSymbol ? b.value : b),
      );
    case 4:
      return compareDocs(a as Doc, b as Doc);
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c !== 0) return c;
      }
      return cmpPrim(xa.length, xb.length);
    }
    case 6: {
      const ba = a instanceof Binary ? a : new Binary(a as Uint8Array);
      const bb = b instanceof Binary ? b : new Binary(b as Uint8Array);
      if (ba.position !== bb.position) return ba.position < bb.position ? -1 : 1;
      if (ba.sub_type !== bb.sub_type) return ba.sub_type < bb.sub_type ? -1 : 1;
      return compareBytes(ba.buffer.subarray(0, ba.position), bb.buffer.subarray(0, bb.position));
    }
    case 7:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case 8:
      return cmpPrim(a as boolean, b as boolean);
    case 9:
      return cmpPrim((a as Date).getTime(), (b as Date).getTime());
    case 10:
      return (a as Timestamp).compare(b as Timestamp);
    case 11: {
      const [sa, fa] = regexParts(a);
      const [sb, fb] = regexParts(b);
      return cmpPrim(sa, sb) || cmpPrim(fa, fb);
    }
    default:
      return cmpPrim(String(a), String(b));
  }
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as BSONRegExp;
  return [r.pattern, r.options];
}

function compareDocs(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const fa = ka[i] as string;
    const fb = kb[i] as string;
    const va = a[fa];
    const vb = b[fb];
    const r = typeRank(va) - typeRank(vb);
    if (r !== 0) return r < 0 ? -1 : 1;
    const c = cmpPrim(fa, fb) || compareValues(va, vb);
    if (c !== 0) return c;
  }
  return cmpPrim(ka.length, kb.length);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return (
    typeRank(a) === typeRank(b) && compareValues(a, b) === 0 && !(a === undefined) === !(b === undefined)
  );
}

/**
 * A string that is equal for BSON-equal values (1, 1.0, 1n and Decimal128('1') share it): the
 * primary-key map's key. Used for `_id` only, where collisions would merge documents.
 */
export function keyOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + (Object.is(v, -0) ? 0 : v);
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? 'n' + Number(v) : 'N' + v.toString();
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v === null || v === undefined) return 'z';
  if (v instanceof ObjectId) return 'o' + v.toHexString();
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof Double || v instanceof Int32) return 'n' + v.value;
  if (v instanceof Decimal128) {
    const p = decimalParts(v.toString());
    if (!p) return 'D' + v.toString();
    const n = Number(v.toString());
    // Exactly representable decimals share the key of the equal double.
    return compareDecimalParts(p, numberToParts(n)) === 0 ? 'n' + n : 'D' + v.toString();
  }
  if (Array.isArray(v)) return '[' + v.map(keyOf).join(',') + ']';
  if (isPlainObject(v)) {
    let s = '{';
    for (const k in v) s += JSON.stringify(k) + ':' + keyOf(v[k]) + ',';
    return s + '}';
  }
  if (v instanceof Binary)
    return 'b' + v.sub_type + ':' + Buffer.from(v.buffer.subarray(0, v.position)).toString('hex');
  return 'x' + typeRank(v) + String(v);
}

/** BSON type names and numbers as `$type` accepts them. */
export const typeAliases: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  javascript: 13,
  symbol: 14,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

export function bsonTypeNumber(v: unknown): number {
  if (v === null) return 10;
  if (v === undefined) return 6;
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? 16 : 1;
    case 'bigint':
      return 18;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(v)) return 4;
  if (isPlainObject(v)) return 3;
  if (v instanceof Double) return 1;
  if (v instanceof Int32) return 16;
  if (v instanceof Long) return 18;
  if (v instanceof Decimal128) return 19;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Date) return 9;
  if (v instanceof Binary || v instanceof Uint8Array) return 5;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 11;
  if (v instanceof Timestamp) return 17;
  if (v instanceof BSONSymbol) return 14;
  if (v instanceof Code) return 13;
  if (v instanceof MinKey) return -1;
  if (v instanceof MaxKey) return 127;
  return 3;
}

export function isTruthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (isNumeric(v)) return toNumber(v) !== 0;
  return true;
}

type NumKind = 0 | 1 | 2 | 3; // int32, int64, double, decimal

function numKind(v: unknown): NumKind {
  if (typeof v === 'number')
    return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? 0 : 2;
  if (typeof v === 'bigint' || v instanceof Long) return 1;
  if (v instanceof Decimal128) return 3;
  if (v instanceof Int32) return 0;
  return 2;
}

function partsToDecimal(p: DecimalParts): Decimal128 {
  const s = (p.neg ? '-' : '') + p.digits.toString() + 'E' + p.exp;
  const withRounding = (Decimal128 as unknown as { fromStringWithRounding?: (s: string) => Decimal128 })
    .fromStringWithRounding;
  return withRounding ? withRounding(s) : Decimal128.fromString(s);
}

function signedDigits(p: DecimalParts): bigint {
  return p.neg ? -p.digits : p.digits;
}

function fromSigned(d: bigint, exp: number): DecimalParts {
  return { neg: d < 0n, digits: d < 0n ? -d : d, exp };
}

/** a + b or a * b with MongoDB's numeric type promotion (int32 overflows to int64). */
export function arith(a: unknown, b: unknown, op: 'add' | 'mul'): unknown {
  const kind = Math.max(numKind(a), numKind(b)) as NumKind;
  if (kind === 3) {
    const pa = numberToParts(a);
    const pb = numberToParts(b);
    if (op === 'mul') return partsToDecimal(fromSigned(signedDigits(pa) * signedDigits(pb), pa.exp + pb.exp));
    const exp = Math.min(pa.exp, pb.exp);
    const sum =
      signedDigits(pa) * 10n ** BigInt(pa.exp - exp) + signedDigits(pb) * 10n ** BigInt(pb.exp - exp);
    return partsToDecimal(fromSigned(sum, exp));
  }
  if (kind === 2) {
    const r = op === 'add' ? toNumber(a) + toNumber(b) : toNumber(a) * toNumber(b);
    return makeNumber(r, true);
  }
  const ba = typeof a === 'bigint' ? a : BigInt(toNumber(a));
  const bb = typeof b === 'bigint' ? b : BigInt(toNumber(b));
  const r = op === 'add' ? ba + bb : ba * bb;
  if (kind === 0 && r >= BigInt(INT32_MIN) && r <= BigInt(INT32_MAX)) return Number(r);
  if (r > 9223372036854775807n || r < -9223372036854775808n) return makeNumber(Number(r), true);
  return r;
}
