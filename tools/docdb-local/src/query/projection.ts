/** find/findAndModify projections: inclusion, exclusion, dotted paths, $slice, $elemMatch. */
import { codes, fail } from '../errors.ts';
import { type Doc, isNumeric, isPlainObject, isTruthy, toNumber } from '../values.ts';
import { compileFilter } from './match.ts';

export type Projector = (doc: Doc) => Doc;

interface Node {
  include?: boolean;
  special?: (value: unknown) => unknown;
  children?: Map<string, Node>;
}

/** `{a: {b: 1}}` is the nested spelling of `{'a.b': 1}`. */
export function flattenProjection(spec: Doc, prefix = '', out: Doc = {}): Doc {
  for (const [k, v] of Object.entries(spec)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0 && !Object.keys(v).some((x) => x.startsWith('$'))) {
      flattenProjection(v, path, out);
    } else out[path] = v;
  }
  return out;
}

export function compileProjection(raw: unknown): Projector | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) return fail(codes.TypeMismatch, 'projection must be an object');
  const spec = flattenProjection(raw);
  const keys = Object.keys(spec);
  if (keys.length === 0) return undefined;
  const root: Node = { children: new Map() };
  let mode: 'include' | 'exclude' | undefined;
  let idIncluded = true;
  for (const key of keys) {
    const v = spec[key];
    let node: Node;
    if (isPlainObject(v) && ('$slice' in v || '$elemMatch' in v)) {
      node = { special: compileSpecial(v) };
    } else if (typeof v === 'boolean' || isNumeric(v)) {
      const include = isTruthy(v);
      if (key === '_id') {
        idIncluded = include;
        if (!include) continue;
        if (keys.length > 1) continue;
      }
      const m = include ? 'include' : 'exclude';
      if (mode && mode !== m) {
        fail(
          31254,
          `Cannot do ${m === 'include' ? 'inclusion' : 'exclusion'} on field ${key} in ${mode === 'include' ? 'inclusion' : 'exclusion'} projection`,
        );
      }
      mode = m;
      node = { include };
    } else if (key.endsWith('.$')) {
      mode = mode ?? 'include';
      node = { include: true };
    } else {
      // Literal values in projections (4.4+) set the field to that value.
      mode = mode ?? 'include';
      const literal = v;
      node = { special: () => literal };
    }
    insert(root, key.replace(/\.\$$/, '').split('.'), node);
  }
  const inclusive = mode === 'include';
  return (doc) => {
    const out = inclusive ? includeProject(doc, root) : excludeProject(doc, root);
    if (inclusive && idIncluded && doc._id !== undefined && !('_id' in out)) return { _id: doc._id, ...out };
    if (!idIncluded) delete out._id;
    return out;
  };
}

function insert(root: Node, parts: string[], leaf: Node): void {
  let cur = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const seg = parts[i] as string;
    cur.children ??= new Map();
    let next = cur.children.get(seg);
    if (!next) {
      next = { children: new Map() };
      cur.children.set(seg, next);
    }
    if (next.include !== undefined || next.special) fail(31249, `Path collision at ${parts.join('.')}`);
    cur = next;
  }
  cur.children ??= new Map();
  const last = parts[parts.length - 1] as string;
  if (cur.children.has(last)) fail(31250, `Path collision at ${parts.join('.')}`);
  cur.children.set(last, leaf);
}

function compileSpecial(v: Doc): (value: unknown) => unknown {
  if ('$slice' in v) {
    const s = v.$slice;
    return (value) => {
      if (!Array.isArray(value)) return value;
      if (Array.isArray(s)) {
        const [skip, limit] = s.map(toNumber) as [number, number];
        const start = skip < 0 ? Math.max(0, value.length + skip) : skip;
        return value.slice(start, start + limit);
      }
      const n = toNumber(s);
      return n >= 0 ? value.slice(0, n) : value.slice(Math.max(0, value.length + n));
    };
  }
  const pred = compileFilter(v.$elemMatch);
  return (value) => {
    if (!Array.isArray(value)) return undefined;
    const hit = value.find((el) => isPlainObject(el) && pred(el));
    return hit === undefined ? undefined : [hit];
  };
}

function includeProject(value: Doc, node: Node): Doc {
  const out: Doc = {};
  for (const [k, child] of node.children ?? []) {
    if (!(k in value)) continue;
    const v = value[k];
    if (child.special) {
      const r = child.special(v);
      if (r !== undefined) out[k] = r;
    } else if (child.include) {
      out[k] = v;
    } else if (child.children) {
      if (Array.isArray(v)) out[k] = v.filter(isPlainObject).map((el) => includeProject(el, child));
      else if (isPlainObject(v)) out[k] = includeProject(v, child);
    }
  }
  // Keep the document's own field order, as the server does.
  const ordered: Doc = {};
  for (const k of Object.keys(value)) if (k in out) ordered[k] = out[k];
  return ordered;
}

function excludeProject(value: Doc, node: Node): Doc {
  const out: Doc = {};
  for (const k of Object.keys(value)) {
    const child = node.children?.get(k);
    const v = value[k];
    if (!child) out[k] = v;
    else if (child.special) {
      const r = child.special(v);
      if (r !== undefined) out[k] = r;
    } else if (child.include === false) continue;
    else if (child.children) {
      if (Array.isArray(v)) out[k] = v.map((el) => (isPlainObject(el) ? excludeProject(el, child) : el));
      else if (isPlainObject(v)) out[k] = excludeProject(v, child);
      else out[k] = v;
    }
  }
  return out;
}
