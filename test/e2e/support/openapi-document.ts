/**
 * The merged OpenAPI document the gateway publishes (`/api/v1/openapi.json`), as the suites that
 * walk every route read it: the fuzzer (test/e2e/openapi-fuzz.test.ts) and the OWASP API Top 10
 * walk (test/security). One loader, one set of types, one `$ref` resolver.
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  additionalProperties?: boolean | Schema;
  description?: string;
};
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, unknown[]>[];
}
export interface OpenApi {
  'x-services'?: { included: string[]; unavailable: Record<string, string> };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export const httpMethods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * The document as the gateway at `apiUrl` (the load balancer's origin or the gateway's) serves it,
 * with every service's part: the gateway leaves out a service that did not answer in time (and
 * caches that incomplete document for a second only), which on a busy machine right after start
 * happens, so this asks again until none is missing, for up to `timeoutMs`. Then the last document
 * is returned as it is, for the caller's assertions to report what is missing.
 */
export async function fetchOpenApi(apiUrl: string, timeoutMs = 30_000): Promise<OpenApi> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${apiUrl}/api/v1/openapi.json`);
    if (res.status !== 200) throw new Error(`openapi.json: ${res.status} ${await res.text()}`);
    const document = (await res.json()) as OpenApi;
    const missing = Object.keys(document['x-services']?.unavailable ?? {});
    if (missing.length === 0 || Date.now() > deadline) return document;
    await new Promise((r) => setTimeout(r, 1_100));
  }
}

/** Follows `$ref`s into the document's components until a concrete schema. */
export function resolveSchema(document: OpenApi, schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.split('/').at(-1)!;
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
}

export interface DocumentedOperation {
  /** `/api/v1/orders/{id}` */
  path: string;
  /** lower case, as in the document */
  method: (typeof httpMethods)[number];
  operation: Operation;
}

/** Every operation of the public API (`/api/v1/...`), in document order. */
export function publicOperations(document: OpenApi): DocumentedOperation[] {
  const found: DocumentedOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of httpMethods) {
      const operation = methods[method];
      if (operation) found.push({ path, method, operation });
    }
  }
  return found;
}
