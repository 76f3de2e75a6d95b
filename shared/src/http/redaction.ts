/**
 * What must never reach a log line: credentials, tokens and card data. Keys are matched
 * case-insensitively and without `-`/`_` (so `refresh_token`, `Idempotency-Key` and
 * `proxy-authorization` match like their camelCase forms); text values are scrubbed of bearer/basic
 * credentials, JWTs and passwords inside connection strings, because third-party errors and
 * upstream answers quote them in free text. Over-censoring a log line is the cheap mistake.
 */
import { pino } from 'pino';

/** Object keys whose values are never written to a log. */
export const sensitiveKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'accessToken',
  'refreshToken',
  'token',
  'resetToken',
  'setPasswordToken',
  'idempotencyKey',
  'cardNumber',
  'cvc',
  'cvv',
  'cvc2',
  'cvv2',
  'securityCode',
  'pan',
  'cardToken',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'credentials',
  // The platform service credential: its header on /internal calls and its setting (SERVICE_CREDENTIAL).
  'x-service-credential',
  'serviceCredential',
] as const;

export const CENSOR = '[Redacted]';
const TRUNCATED = '[Truncated]';

const normalise = (key: string) => key.toLowerCase().replace(/[-_]/g, '');
const sensitive = new Set<string>(sensitiveKeys.map(normalise));
// Connection strings embed credentials (mongodb://user:password@host).
const credentialUris = new Set(['mongodburi', 'eventbusmongodburi', 'connectionstring']);
/** Inside a card object (`card`, `paymentCard`…) its number and expiry are card data too. */
const cardFields = new Set(['number', 'exp', 'expiry', 'expmonth', 'expyear', 'expirymonth', 'expiryyear']);

const MAX_REMEMBERED_KEYS = 2000;
const verdicts = new Map<string, boolean>();

/**
 * The listed keys, plus any key that names a password, a secret, a private key or ends in "token"
 * (`DOCDB_PASSWORD`, `clientSecret`, `idToken`…): a logged config object or a third-party error
 * must not leak them either.
 */
export function isSensitiveKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = judgeKey(normalise(key));
    // Log keys repeat endlessly; the bound only guards against keys made from data.
    if (verdicts.size < MAX_REMEMBERED_KEYS) verdicts.set(key, verdict);
  }
  return verdict;
}

function judgeKey(k: string): boolean {
  return (
    sensitive.has(k) ||
    credentialUris.has(k) ||
    k.includes('password') ||
    k.includes('secret') ||
    k.includes('privatekey') ||
    k.includes('apikey') ||
    k.includes('cardnumber') ||
    k.endsWith('token')
  );
}

function isCardObjectKey(key: string): boolean {
  return /card$/i.test(key);
}

const uriCredentials = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi;
// As headers spell them; lower-case "basic" in prose is left alone.
const schemeCredentials = /\b(Bearer|Basic|BEARER|BASIC|bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g;
// A JWT's header is base64url JSON, so it always starts with `eyJ` ('{"').
const jwt = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const mayHoldCredentials = /:\/\/|bearer|basic|eyJ/i;

/** `mongodb://app:pw@db` → `mongodb://app:[Redacted]@db`, for driver errors that quote their URI. */
export function redactUriCredentials(text: string): string {
  return text.replace(uriCredentials, `$1${CENSOR}@`);
}

/** Scrubs credentials quoted in free text: URI passwords, `Bearer …`/`Basic …`, JWTs. */
export function redactText(text: string): string {
  if (!mayHoldCredentials.test(text)) return text;
  return redactUriCredentials(text).replace(schemeCredentials, `$1 ${CENSOR}`).replace(jwt, CENSOR);
}

/** Bounds the walk for huge or deeply nested objects; what lies beyond is not printed at all. */
const MAX_DEPTH = 12;
const MAX_NODES = 5000;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * An error as a plain object (type, message, stack, own fields, cause), so its nested fields —
 * a client's request config with headers, an upstream's answer — are censored like any other.
 */
export function errorToPlain(err: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  return { ...serialized };
}

/**
 * Replaces the value of every sensitive key at any depth and scrubs text values. Copy-on-write:
 * the caller's objects are never modified, and an object without secrets is returned as is, at no
 * allocation cost. Errors at any depth become plain objects first; other class instances (Buffers,
 * Dates) are left to their serializers.
 */
export function censorSensitive(value: unknown): unknown {
  const budget = { nodes: 0 };
  const ancestors = new Set<object>();
  const walk = (current: unknown, depth: number, inCard: boolean): unknown => {
    if (typeof current === 'string') return redactText(current);
    if (current === null || typeof current !== 'object') return current;
    if (depth > MAX_DEPTH || ++budget.nodes > MAX_NODES) return TRUNCATED;
    if (ancestors.has(current)) return '[Circular]';
    if (current instanceof Error) {
      ancestors.add(current);
      const plain = walk(errorToPlain(current), depth, false);
      ancestors.delete(current);
      return plain;
    }
    const isArray = Array.isArray(current);
    if (!isArray && !isPlainObject(current)) return current;
    ancestors.add(current);
    let copy: Record<string, unknown> | unknown[] | undefined;
    if (isArray) {
      current.forEach((item, i) => {
        const next = walk(item, depth + 1, inCard);
        if (next !== item) {
          copy ??= [...current];
          (copy as unknown[])[i] = next;
        }
      });
    } else {
      const record = current as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        const censored = isSensitiveKey(key) || (inCard && cardFields.has(normalise(key)));
        const next = censored ? CENSOR : walk(item, depth + 1, isCardObjectKey(key));
        if (next !== item) {
          copy ??= Object.assign(Object.create(Object.getPrototypeOf(record)), record) as Record<
            string,
            unknown
          >;
          (copy as Record<string, unknown>)[key] = next;
        }
      }
    }
    ancestors.delete(current);
    return copy ?? current;
  };
  return walk(value, 0, false);
}

/** pino's `err` serializer: the error as a censored plain object. */
export function serializeError(err: unknown): unknown {
  return censorSensitive(err instanceof Error ? errorToPlain(err) : err);
}

/** `/auth/x?token=abc&page=2` → `/auth/x?token=[Redacted]&page=2` (links in emails carry tokens). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return isSensitiveKey(decoded) ? `${name}=${CENSOR}` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}
