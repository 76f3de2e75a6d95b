/**
 * Strict string → value coercion driven by a JSON schema, for inputs that only carry strings:
 * environment variables, query strings, path params and headers. Unlike TypeBox's Value.Convert it
 * never loses information ("2.5" stays a string for an integer and then fails validation instead
 * of silently becoming 2), so the validator that runs afterwards sees the client's real intent.
 */

type JsonSchema = Record<string, unknown>;

const decimalNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const integerNumber = /^-?(?:0|[1-9]\d*)$/;

function schemaTypes(schema: JsonSchema): string[] {
  const types = new Set<string>();
  const t = schema['type'];
  if (typeof t === 'string') types.add(t);
  if (Array.isArray(t)) for (const x of t) if (typeof x === 'string') types.add(x);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      for (const b of branches) for (const x of schemaTypes(b as JsonSchema)) types.add(x);
    }
  }
  if ('const' in schema) types.add(typeof schema['const']);
  return [...types];
}

/** Coerces one string according to the scalar types its schema allows; returns it unchanged otherwise. */
function coerceScalar(scalarSchema: object, raw: string): unknown {
  const types = schemaTypes(scalarSchema as JsonSchema);
  // A string-typed branch means the string itself may be valid: keep it.
  if (types.includes('string') || types.length === 0) return raw;
  if (types.includes('integer') && integerNumber.test(raw)) {
    const n = Number(raw);
    if (Number.isSafeInteger(n)) return n;
  }
  if ((types.includes('number') || types.includes('integer')) && decimalNumber.test(raw)) {
    const n = Number(raw);
    if (Number.isFinite(n)) return n;
  }
  if (types.includes('boolean')) {
    if (raw === 'true') return true;
    if (raw === 'false') return false;
  }
  if (types.includes('null') && raw === 'null') return null;
  return raw;
}

/**
 * Coerces the top-level properties of a flat object (query string, params, headers, env) in a copy.
 * Array-typed properties accept a single value (`?tag=a`) or repeated values (`?tag=a&tag=b`).
 */
export function coerceObject(objectSchema: object, input: unknown): unknown {
  const schema = objectSchema as JsonSchema;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [key, propSchema] of Object.entries(properties)) {
    const value = out[key];
    if (value === undefined) continue;
    const isArray = schemaTypes(propSchema).includes('array');
    const itemSchema = (propSchema['items'] ?? {}) as JsonSchema;
    if (isArray) {
      const list = Array.isArray(value) ? value : [value];
      out[key] = list.map((v) => (typeof v === 'string' ? coerceScalar(itemSchema, v) : v));
    } else if (typeof value === 'string') {
      out[key] = coerceScalar(propSchema, value);
    }
  }
  return out;
}
