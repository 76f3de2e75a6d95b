/** Dotted-path access over documents, with MongoDB's array fan-out. */
import { type Doc, isPlainObject } from '../values.ts';

export function isIndexSegment(s: string): boolean {
  return s.length > 0 && s.length < 10 && /^\d+$/.test(s);
}

/**
 * Every value a query path reaches: arrays on the way fan out over their elements; a missing
 * field contributes `undefined` (so `{a: null}` matches documents without `a`).
 */
export function collectValues(doc: unknown, parts: readonly string[]): unknown[] {
  const out: unknown[] = [];
  walk(doc, parts, 0, out);
  return out;
}

function walk(value: unknown, parts: readonly string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const seg = parts[i] as string;
  if (Array.isArray(value)) {
    if (isIndexSegment(seg)) {
      const idx = Number(seg);
      if (idx < value.length) walk(value[idx], parts, i + 1, out);
      else out.push(undefined);
      return;
    }
    let any = false;
    for (const el of value) {
      if (isPlainObject(el)) {
        walk(el[seg], parts, i + 1, out);
        any = true;
      } else if (Array.isArray(el)) {
        // Nested arrays are not descended by field names.
      }
    }
    if (!any) out.push(undefined);
    return;
  }
  if (isPlainObject(value)) {
    walk(value[seg], parts, i + 1, out);
    return;
  }
  out.push(undefined);
}

/** The single value at a path without array fan-out (numeric segments index arrays). */
export function getPath(doc: unknown, parts: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const seg of parts) {
    if (Array.isArray(cur)) {
      if (!isIndexSegment(seg)) return undefined;
      cur = cur[Number(seg)];
    } else if (isPlainObject(cur)) {
      cur = cur[seg];
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Value used to sort by a path: arrays contribute their min (ascending) or max (descending). */
export function sortKey(
  doc: Doc,
  parts: readonly string[],
  compare: (a: unknown, b: unknown) => number,
  dir: number,
): unknown {
  const values = collectValues(doc, parts);
  let best: unknown;
  let found = false;
  const consider = (v: unknown) => {
    if (!found || (dir > 0 ? compare(v, best) < 0 : compare(v, best) > 0)) {
      best = v;
      found = true;
    }
  };
  for (const v of values) {
    if (Array.isArray(v)) {
      if (v.length === 0) consider(undefined);
      for (const el of v) consider(el);
    } else {
      consider(v);
    }
  }
  return best;
}

export function splitPath(path: string): string[] {
  return path.split('.');
}
