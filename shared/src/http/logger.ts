/**
 * Structured JSON logs (pino) that never carry credentials or card data: sensitive keys are
 * censored at any depth pino's redaction reaches, and sensitive query parameters are masked in the
 * logged URL. Request and response bodies are never logged.
 */
import type { IncomingMessage } from 'node:http';
import { type DestinationStream, type Logger, pino } from 'pino';

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
  'cardToken',
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
] as const;

const REDACTION_DEPTH = 5;
export const CENSOR = '[Redacted]';

function pathFor(key: string, depth: number): string {
  const accessor = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const prefix = '*.'.repeat(depth);
  if (accessor.startsWith('[')) return depth === 0 ? accessor : `${prefix.slice(0, -1)}${accessor}`;
  return `${prefix}${accessor}`;
}

/** pino redaction paths: every sensitive key at the top level and under up to 5 levels of nesting. */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth <= REDACTION_DEPTH; depth++) {
    for (const key of sensitiveKeys) paths.push(pathFor(key, depth));
  }
  return paths;
}

const sensitiveQueryNames = new Set(sensitiveKeys.map((k) => k.toLowerCase()));

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
      return sensitiveQueryNames.has(decoded.toLowerCase()) ? `${name}=${CENSOR}` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

interface LoggableRequest {
  method?: string;
  url?: string;
  ip?: string;
  raw?: IncomingMessage;
  socket?: { remoteAddress?: string };
}

export interface ServiceLoggerOptions {
  name: string;
  level: string;
  /** Where the JSON lines go; stdout by default (tests pass a capturing stream). */
  stream?: DestinationStream;
}

export function createServiceLogger({ name, level, stream }: ServiceLoggerOptions): Logger {
  const options = {
    name,
    level,
    base: { service: name, pid: process.pid },
    redact: { paths: redactPaths(), censor: CENSOR },
    serializers: {
      req(req: LoggableRequest) {
        return {
          method: req.method,
          url: redactUrl(req.url ?? ''),
          remoteAddress: req.ip ?? req.socket?.remoteAddress,
        };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
      err: pino.stdSerializers.err,
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return stream ? pino(options, stream) : pino(options);
}
