import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// What we accept from a client: enough for UUIDs, ULIDs and trace-like ids, nothing that could
// break a log line or a header (no spaces, quotes, newlines, commas from joined duplicates).
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's `x-request-id` when it is sane, otherwise a fresh UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const sent = req.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && saneRequestId.test(sent) ? sent : randomUUID();
}
