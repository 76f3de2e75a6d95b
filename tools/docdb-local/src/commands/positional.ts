/** Which array element a query matched, for the positional `$` update operator. */
import { compileFilter, type MatchOptions } from '../query/match.ts';
import { getPath } from '../query/paths.ts';
import { type Doc, isPlainObject } from '../values.ts';

function flatten(filter: Doc, out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) flatten(sub, out);
    } else if (!k.startsWith('$')) out.push([k, v]);
  }
  return out;
}

export function positionalIndex(
  filter: Doc,
  doc: Doc,
  arrayPath: string[],
  opts: MatchOptions,
): number | undefined {
  const arr = getPath(doc, arrayPath);
  if (!Array.isArray(arr)) return undefined;
  const prefix = arrayPath.join('.');
  const sub: Doc = {};
  for (const [k, v] of flatten(filter)) {
    if (k === prefix) sub.__el = v;
    else if (k.startsWith(prefix + '.')) sub['__el.' + k.slice(prefix.length + 1)] = v;
  }
  if (Object.keys(sub).length === 0) return undefined;
  const pred = compileFilter(sub, opts);
  for (let i = 0; i < arr.length; i++) {
    // Test the element alone, wrapped so array semantics apply to it as to the original field.
    if (pred({ __el: arr[i] }) || pred({ __el: [arr[i]] })) return i;
  }
  return undefined;
}
