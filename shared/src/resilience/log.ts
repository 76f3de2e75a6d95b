import pino, { type Logger } from 'pino';

/** Logger for library code that runs outside a request (breakers, relays, pollers). */
export const libraryLogger: Logger = pino({
  name: 'b2b-shared',
  level: process.env.LOG_LEVEL ?? 'info',
});
