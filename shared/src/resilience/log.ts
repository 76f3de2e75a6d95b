import type { DestinationStream, Logger } from 'pino';
import { createServiceLogger } from '../http/logger.ts';

/**
 * The logger of library code that runs outside a request (breakers, relays, pollers, buses). It is
 * the services' logger (same redaction of credentials, tokens and card data, same error
 * serializer): a breaker logging a failed call's request config or a relay logging a driver error
 * that quotes a connection string must not leak them either.
 */
export function createLibraryLogger(stream?: DestinationStream): Logger {
  return createServiceLogger({ name: 'b2b-shared', level: process.env.LOG_LEVEL ?? 'info', stream });
}

export const libraryLogger: Logger = createLibraryLogger();
