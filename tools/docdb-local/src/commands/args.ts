/** Typed access to command fields, failing with the server's error codes on bad input. */
import { codes, fail } from '../errors.ts';
import { type Doc, isNumeric, isPlainObject, toNumber } from '../values.ts';

export function collectionName(cmd: Doc, field: string): string {
  const v = cmd[field];
  if (typeof v !== 'string' || v.length === 0) {
    return fail(
      codes.InvalidNamespace,
      `collection name has invalid type ${v === undefined ? 'missing' : typeof v}`,
    );
  }
  return v;
}

export function optDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v))
    return fail(codes.TypeMismatch, `BSON field '${field}' is the wrong type, expected type 'object'`);
  return v;
}

export function optNumber(cmd: Doc, field: string, fallback: number): number {
  const v = cmd[field];
  if (v === undefined || v === null) return fallback;
  if (!isNumeric(v))
    return fail(codes.TypeMismatch, `BSON field '${field}' is the wrong type, expected a number`);
  return toNumber(v);
}

export function docArray(cmd: Doc, field: string): Doc[] {
  const v = cmd[field];
  if (!Array.isArray(v)) return fail(codes.TypeMismatch, `BSON field '${field}' is missing or not an array`);
  for (const d of v)
    if (!isPlainObject(d)) fail(codes.TypeMismatch, `BSON field '${field}' must contain documents`);
  return v as Doc[];
}

export function bool(cmd: Doc, field: string, fallback: boolean): boolean {
  const v = cmd[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v;
  if (isNumeric(v)) return toNumber(v) !== 0;
  return fail(codes.TypeMismatch, `BSON field '${field}' is the wrong type, expected type 'bool'`);
}
