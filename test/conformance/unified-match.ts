/**
 * Result matching of MongoDB's unified test format (the subset the CRUD files use): numbers
 * compare by value, root-level documents may carry extra fields, embedded ones may not,
 * and the special operators $$unsetOrMatches, $$exists and $$type.
 */
import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'mongodb';

type Doc = Record<string, unknown>;

/** Plain documents, and the driver's result objects (class instances that are not BSON values). */
function isDoc(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return false;
  return !('_bsontype' in v) && !(v instanceof Uint8Array);
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Int32 || v instanceof Double) return v.value;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'bigint' || v instanceof Long) return 'long';
  if (v instanceof Int32) return 'int';
  if (v instanceof Double) return 'double';
  if (v instanceof Decimal128) return 'decimal';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof Date) return 'date';
  if (v instanceof Binary) return 'binData';
  return 'object';
}

/** Returns a description of the first mismatch, or undefined when `actual` matches. */
export function mismatch(expected: unknown, actual: unknown, root = true, path = '$'): string | undefined {
  if (isDoc(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && (keys[0] as string).startsWith('$$')) {
      const op = keys[0] as string;
      const arg = expected[op];
      switch (op) {
        case '$$unsetOrMatches':
          return actual === undefined ? undefined : mismatch(arg, actual, true, path);
        case '$$exists':
          return (actual !== undefined) === arg ? undefined : `${path}: expected exists=${arg}`;
        case '$$type': {
          const types = Array.isArray(arg) ? arg : [arg];
          const t = typeName(actual);
          const ok =
            types.includes(t) ||
            (t === 'int' && types.includes('long')) ||
            (types.includes('number') && asNumber(actual) !== undefined);
          return ok ? undefined : `${path}: expected type ${types.join('|')}, got ${t}`;
        }
        default:
          return `${path}: unsupported operator ${op}`;
      }
    }
    if (!isDoc(actual)) return `${path}: expected a document, got ${typeName(actual)}`;
    for (const k of keys) {
      const sub = mismatch(expected[k], actual[k], false, `${path}.${k}`);
      if (sub) return sub;
    }
    if (!root) {
      for (const k of Object.keys(actual)) if (!(k in expected)) return `${path}: unexpected field ${k}`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${typeName(actual)}`;
    if (actual.length !== expected.length)
      return `${path}: expected ${expected.length} elements, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const sub = mismatch(expected[i], actual[i], root && path === '$', `${path}[${i}]`);
      if (sub) return sub;
    }
    return undefined;
  }
  const en = asNumber(expected);
  if (en !== undefined) {
    const an = asNumber(actual);
    return an === en || (Number.isNaN(en) && Number.isNaN(an))
      ? undefined
      : `${path}: expected ${en}, got ${String(actual)}`;
  }
  if (expected instanceof ObjectId)
    return actual instanceof ObjectId && actual.equals(expected) ? undefined : `${path}: ObjectId differs`;
  if (expected instanceof Date)
    return actual instanceof Date && actual.getTime() === expected.getTime()
      ? undefined
      : `${path}: date differs`;
  return expected === actual
    ? undefined
    : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
