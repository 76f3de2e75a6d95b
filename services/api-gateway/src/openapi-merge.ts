/**
 * One public OpenAPI document from the services' own documents: paths prefixed with `/api/v1`,
 * internal and health routes left out (the gateway never forwards them), components merged.
 * A component name used by two services with different content keeps the first definition and is
 * reported, so a conflict is visible instead of silently changing a schema.
 */
import { apiPrefix } from './routing.ts';

export type OpenApiDocument = {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
};

export interface ServiceDocument {
  readonly service: string;
  /** The service's document, or why it is missing. */
  readonly document?: OpenApiDocument;
  readonly unavailable?: string;
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Service routes that are not part of the public API. */
function isPrivatePath(path: string): boolean {
  return (
    path === '/internal' ||
    path.startsWith('/internal/') ||
    path === '/health' ||
    path.startsWith('/health/') ||
    path === '/openapi.json' ||
    path.startsWith('/documentation')
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function mergeOpenApi(
  docs: readonly ServiceDocument[],
  base: { title: string; version: string; gatewayPaths?: Record<string, Record<string, unknown>> },
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = { ...(base.gatewayPaths ?? {}) };
  const components: Record<string, Record<string, unknown>> = {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  };
  const conflicts: string[] = [];
  const included: string[] = [];
  const unavailable: Record<string, string> = {};
  const tags: { name: string; description?: string }[] = [];

  for (const { service, document, unavailable: why } of docs) {
    if (!document) {
      unavailable[service] = why ?? 'unavailable';
      continue;
    }
    included.push(service);
    tags.push({ name: service, description: `Served by the ${service} service` });
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (isPrivatePath(path)) continue;
      const operations: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(item)) {
        if (httpMethods.has(key) && value && typeof value === 'object') {
          const op = value as { tags?: string[] };
          operations[key] = { ...op, tags: op.tags?.length ? op.tags : [service] };
        } else {
          operations[key] = value;
        }
      }
      const publicPath = `${apiPrefix}${path}`;
      if (paths[publicPath]) conflicts.push(`path ${publicPath} (${service})`);
      else paths[publicPath] = operations;
    }
    for (const [section, entries] of Object.entries(document.components ?? {})) {
      const target = components[section] ?? {};
      components[section] = target;
      for (const [name, definition] of Object.entries(entries ?? {})) {
        if (!(name in target)) target[name] = definition;
        else if (!sameJson(target[name], definition))
          conflicts.push(`components.${section}.${name} (${service})`);
      }
    }
  }

  const merged: OpenApiDocument = {
    openapi: '3.0.3',
    info: {
      title: base.title,
      version: base.version,
      description:
        Object.keys(unavailable).length === 0
          ? 'Merged from every live service.'
          : `Merged from the live services; not included right now: ${Object.keys(unavailable).join(', ')}.`,
    },
    servers: [{ url: '/' }],
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components,
    tags,
    'x-services': { included, unavailable },
  };
  if (conflicts.length > 0) merged['x-merge-conflicts'] = conflicts;
  return merged;
}
