/**
 * Structured JSON logs (pino) that never carry credentials or card data: sensitive keys are
 * censored at any depth of a logged object (errors included), credentials quoted in text values
 * and messages are scrubbed, and sensitive query parameters are masked in the logged URL (rules in
 * redaction.ts). Request and response bodies are never logged.
 */
import type { IncomingMessage } from 'node:http';
import { type DestinationStream, type Logger, pino } from 'pino';
import { censorSensitive, redactText, redactUrl, serializeError } from './redaction.ts';

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
    // A walk of each written line's object rather than pino's `redact` paths: it reaches any depth
    // and costs nothing per request (pino's wildcard paths also run on every per-request child
    // logger: measured 30k → 7k req/s on a trivial route).
    formatters: {
      log: (object: Record<string, unknown>) => censorSensitive(object) as Record<string, unknown>,
      bindings: (bindings: Record<string, unknown>) => censorSensitive(bindings) as Record<string, unknown>,
    },
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
      // The error serializer copies an error's own enumerable fields (e.g. a client's request config).
      // Driver errors may quote a connection string with its password.
      err: serializeError,
    },
    // Messages are free text too: `log.warn(\`refresh failed for ${header}\`)` must not print it.
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        // In place: pino hands the hook its own copy of the arguments, and most lines need no change
        // (no array copy per line on the request path).
        for (let i = 0; i < args.length; i++) {
          const arg = args[i];
          if (typeof arg === 'string') args[i] = redactText(arg);
        }
        return method.apply(this, args);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, stream ?? stdoutDestination());
}

/**
 * stdout without a blocking write per line: while one write is in flight the next lines queue and
 * leave in one write, so a busy service makes one syscall per batch rather than two per request
 * (measured at the api-gateway, where request logging was a tenth of its CPU). Nothing waits for
 * a batch to fill, so a quiet service's lines still appear at once; pino flushes synchronously on
 * exit, so a crash does not lose the lines before it.
 */
function stdoutDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}
