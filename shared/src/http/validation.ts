/**
 * Request validation with TypeBox's compiled checks. Bodies are validated as sent: no coercion
 * (a number where a decimal string is expected is an error, not a silently converted float) and
 * unknown fields are rejected, never stripped. Query strings, params and headers only carry
 * strings, so they are coerced first, strictly (see config/coerce.ts). Defaults are applied.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { coerceObject } from '../config/coerce.ts';

export interface FieldValidationError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  message: string;
  params: Record<string, unknown>;
}

interface RawError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  message: string;
  params: unknown;
}

/** Turns TypeBox's raw errors into one readable error per offending field. */
export function normalizeErrors(raw: readonly RawError[]): FieldValidationError[] {
  const out: FieldValidationError[] = [];
  const constsByPath = new Map<string, unknown[]>();
  for (const e of raw) {
    const params = (e.params ?? {}) as Record<string, unknown>;
    if (e.keyword === 'required') {
      for (const name of (params['requiredProperties'] as string[] | undefined) ?? []) {
        out.push({
          ...e,
          keyword: 'required',
          instancePath: `${e.instancePath}/${name}`,
          message: 'is required',
          params,
        });
      }
    } else if (e.keyword === 'additionalProperties') {
      for (const name of (params['additionalProperties'] as string[] | undefined) ?? []) {
        out.push({
          ...e,
          keyword: 'additionalProperties',
          instancePath: `${e.instancePath}/${name}`,
          message: 'is not an allowed field',
          params,
        });
      }
    } else if (e.keyword === 'boolean' && e.schemaPath.endsWith('/additionalProperties')) {
      // Same unknown field, reported again by the `false` subschema: already covered above.
    } else if (e.keyword === 'const') {
      const list = constsByPath.get(e.instancePath) ?? [];
      list.push(params['allowedValue']);
      constsByPath.set(e.instancePath, list);
    } else if (e.keyword === 'anyOf' && constsByPath.has(e.instancePath)) {
      const allowed = constsByPath.get(e.instancePath) ?? [];
      constsByPath.delete(e.instancePath);
      out.push({
        keyword: 'enum',
        schemaPath: e.schemaPath,
        instancePath: e.instancePath,
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
        params: { allowedValues: allowed },
      });
    } else {
      out.push({ ...e, params });
    }
  }
  // Const errors cut short by the error cap (no closing anyOf): still say what was allowed.
  for (const [instancePath, allowed] of constsByPath) {
    out.push({
      keyword: 'enum',
      schemaPath: '',
      instancePath,
      message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      params: { allowedValues: allowed },
    });
  }
  return out;
}

export const typeboxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  const coerce = httpPart !== undefined && httpPart !== 'body';
  return (input: unknown) => {
    const coerced = coerce ? coerceObject(schema, input) : input;
    const value = Value.Default(schema, coerced);
    if (check.Check(value)) return { value };
    if (httpPart === 'body' && (input === null || input === undefined)) {
      return {
        error: [
          {
            keyword: 'required',
            schemaPath: '#',
            instancePath: '',
            message: 'a JSON body is required',
            params: {},
          },
        ],
      };
    }
    const errors = normalizeErrors(check.Errors(value) as RawError[]);
    if (errors.length === 0)
      errors.push({ keyword: 'type', schemaPath: '#', instancePath: '', message: 'is invalid', params: {} });
    return { error: errors };
  };
};
