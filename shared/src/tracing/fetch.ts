import type { Subsegment } from 'aws-xray-sdk-core';
import { activeSegment, TRACE_HEADER, traceHeaderOf } from './context.ts';
import { xray } from './sdk.ts';

/**
 * `fetch` that records the call as a remote subsegment of the current trace and passes the trace
 * header on. Global fetch is undici, which X-Ray's http patch does not see, so service-to-service
 * calls go through this. Without tracing (or outside a traced context) it is plain fetch.
 */
export async function tracedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const parent = xray ? activeSegment() : undefined;
  if (!parent) return fetch(url, init);
  const target = new URL(url);
  const subsegment: Subsegment = parent.addNewSubsegment(target.host);
  subsegment.namespace = 'remote';
  const headers = new Headers(init.headers);
  headers.set(TRACE_HEADER, traceHeaderOf(subsegment));
  const method = (init.method ?? 'GET').toUpperCase();
  try {
    const response = await fetch(url, { ...init, headers });
    subsegment.addAttribute('http', {
      request: { url: `${target.origin}${target.pathname}`, method },
      response: { status: response.status },
    });
    if (response.status === 429) subsegment.addThrottleFlag();
    if (response.status >= 500) subsegment.addFaultFlag();
    else if (response.status >= 400) subsegment.addErrorFlag();
    subsegment.close();
    return response;
  } catch (err) {
    subsegment.addAttribute('http', { request: { url: `${target.origin}${target.pathname}`, method } });
    subsegment.close(err as Error, true);
    throw err;
  }
}
