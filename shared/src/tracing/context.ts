import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import { xray } from './sdk.ts';

/** HTTP header (and event message attribute) carrying the trace context between services. */
export const TRACE_HEADER = 'x-amzn-trace-id';

export function tracingEnabled(): boolean {
  return xray !== undefined;
}

/** The segment or subsegment of the current async context, if tracing is on and one is open. */
export function activeSegment(): Segment | Subsegment | undefined {
  return xray?.getSegment() ?? undefined;
}

function isSubsegment(segment: Segment | Subsegment): segment is Subsegment {
  return 'parent' in segment && segment.parent !== undefined;
}

/** `Root=...;Parent=...;Sampled=...` for a segment, the form X-Ray expects downstream. */
export function traceHeaderOf(segment: Segment | Subsegment): string {
  const root = isSubsegment(segment) ? segment.segment.trace_id : segment.trace_id;
  const sampled = segment.notTraced ? '0' : '1';
  return `Root=${root};Parent=${segment.id};Sampled=${sampled}`;
}

/** Trace header to hand to a downstream call or to put on an event; undefined when tracing is off. */
export function currentTraceHeader(): string | undefined {
  const segment = activeSegment();
  return segment ? traceHeaderOf(segment) : undefined;
}

/**
 * Runs `fn` inside a segment named `name` that continues `traceHeader` (an event consumer uses
 * the header the producer put on the message). Without tracing, or without a header, it simply
 * runs `fn`: a message that carries no trace starts none, so untraced traffic is not sampled twice.
 */
export async function runWithTraceHeader<T>(
  traceHeader: string | undefined,
  name: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (!xray || !traceHeader) return fn();
  const sdk = xray;
  const parsed = sdk.utils.processTraceData(traceHeader);
  const segment = new sdk.Segment(name, parsed.root, parsed.parent);
  if (parsed.sampled === '0') segment.notTraced = true;
  const ns = sdk.getNamespace();
  return ns.runAndReturn(async () => {
    sdk.setSegment(segment);
    try {
      const result = await fn();
      segment.close();
      return result;
    } catch (err) {
      segment.close(err as Error);
      throw err;
    }
  });
}
