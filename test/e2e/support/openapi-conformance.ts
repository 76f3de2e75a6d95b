/**
 * Checks of a service's answers against its own OpenAPI document (served at /openapi.json, made
 * from the route schemas): which documented route a request hit, the response schema it declares
 * for a status, and what must never be in a body.
 */

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
}
interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}

export interface DocumentedRoute {
  /** `GET /products/{idOrSku}` */
  id: string;
  matches(method: string, url: string): boolean;
  /** The JSON schema the route declares for `status` (undefined: none declared). */
  responseSchema(status: number): unknown;
}

/**
 * The documented routes, literal paths before parameterised ones, so `/admin/products/import`
 * wins over `/admin/products/{id}` when both match.
 */
export function openApiRoutes(openapi: OpenApiDocument): DocumentedRoute[] {
  const routes = Object.entries(openapi.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
      const pattern = new RegExp(
        `^${trimmed.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}|\{\w+\}/g, '[^/]+')}/?$`,
      );
      const params = (path.match(/\{/g) ?? []).length;
      return {
        params,
        route: {
          id: `${method.toUpperCase()} ${path}`,
          matches: (m: string, url: string) =>
            m.toUpperCase() === method.toUpperCase() && pattern.test(url.split('?')[0]!),
          responseSchema: (status: number) => {
            const response = op.responses?.[String(status)] ?? op.responses?.['default'];
            const schema = response?.content?.['application/json']?.schema;
            return schema === undefined ? undefined : toJsonSchema(schema);
          },
        } satisfies DocumentedRoute,
      };
    }),
  );
  return routes.sort((a, b) => a.params - b.params).map((r) => r.route);
}

/**
 * OpenAPI 3.0's `nullable: true` (what @fastify/swagger writes for a union with null) as the
 * JSON Schema a validator understands: `anyOf: [the schema, { type: 'null' }]`.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, toJsonSchema(v)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Mismatches of `value` against a compiled schema, as `path: message` lines (empty: it matches). */
export function schemaProblems(
  check: { Errors(value: unknown): Iterable<{ instancePath?: string; message?: string }> },
  value: unknown,
): string[] {
  return [...check.Errors(value)].map((e) => `${e.instancePath ?? ''}: ${e.message ?? 'mismatch'}`);
}

/** Signs of a stack trace or a driver error in a body: never part of a problem the client reads. */
const TRACE_PATTERNS = [/\n\s+at /, /node_modules/, /\.ts:\d+/, /Mongo\w*Error/, /E11000/];

/** The internal keys (as JSON keys) and stack-trace signs found in `body`. */
export function forbiddenInBody(body: string, keys: readonly string[]): string[] {
  return [
    ...keys.filter((key) => body.includes(`"${key}":`)).map((key) => `key ${key}`),
    ...TRACE_PATTERNS.filter((pattern) => pattern.test(body)).map((pattern) => `trace ${pattern}`),
  ];
}
