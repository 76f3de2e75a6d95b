/**
 * TypeBox schemas every service reuses, so the API conventions of api.md (problem+json, Money as
 * a decimal string, page/limit lists) are declared once.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { CURRENCY_PATTERN, DECIMAL_AMOUNT_PATTERN } from '../money/index.ts';

export const FieldError = Type.Object(
  { path: Type.String(), message: Type.String() },
  { additionalProperties: false },
);

/** RFC 9457 problem details, as every error response of the platform looks. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'stable machine-readable error code, e.g. VALIDATION_FAILED' }),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { additionalProperties: false, description: 'application/problem+json (RFC 9457)' },
);
export type ProblemBody = Static<typeof Problem>;

/** Spread into a route's `response` schema: `response: { 200: Thing, ...problemResponses }`. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  429: Problem,
  503: Problem,
} as const;

/**
 * A non-negative decimal amount as a string ("1234.50"): never a float. The grammar is the money
 * parser's, so what passes here also parses (`parseMoney` then applies the currency's decimals).
 */
export const DecimalString = Type.String({
  pattern: DECIMAL_AMOUNT_PATTERN,
  description: 'decimal amount as a string, e.g. "1234.50"',
  examples: ['1234.50'],
});

export const CurrencyCode = Type.String({
  pattern: CURRENCY_PATTERN,
  description: 'ISO 4217 code, e.g. EUR',
});

/** The one TypeBox schema of `MoneyJson` (test/money.test.ts checks that the two types agree). */
export const Money = Type.Object(
  { amount: DecimalString, currency: CurrencyCode },
  { additionalProperties: false },
);

/** MongoDB ObjectId as 24 hex characters (ids are opaque to clients, but routes validate them). */
export const ObjectIdString = Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: 'opaque id' });

export const paginationProperties = {
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

/** `?page=1&limit=20`; extend with `Type.Object({ ...paginationProperties, q: ... })`. */
export const Pagination = Type.Object(paginationProperties, { additionalProperties: false });
export type PaginationQuery = Static<typeof Pagination>;

/**
 * `?cursor=…&limit=20` for keyset lists (`findAfter`); the cursor is opaque to clients (base64url
 * and a checksum), bounded here so junk never reaches the decoder.
 */
export const cursorPaginationProperties = {
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 1024, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }),
  ),
  limit: paginationProperties.limit,
};

/** A keyset list response: `{ items, nextCursor }` (null on the last page). */
export function CursorPage<T extends TSchema>(item: T) {
  return Type.Object(
    { items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) },
    { additionalProperties: false },
  );
}

/** A list response: `{ items, total, page, limit }`. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ minimum: 0 }),
      page: Type.Integer({ minimum: 1 }),
      limit: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  );
}
