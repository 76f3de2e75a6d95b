import type { FastifyInstance } from 'fastify';
import { captureHttpModules } from './aws.ts';
import { TRACE_HEADER } from './context.ts';
import { xray } from './sdk.ts';

/**
 * Opens an X-Ray segment per request (continuing an incoming `x-amzn-trace-id`), runs the rest of
 * the request inside it so AWS calls and `tracedFetch` become subsegments, echoes the trace id on
 * the response and closes the segment with the status code. Adds no hook at all when tracing is off.
 */
export function registerTracing(app: FastifyInstance, serviceName: string): void {
  if (!xray) return;
  const sdk = xray;
  sdk.middleware.setDefaultName(serviceName);
  // Libraries that call out through node:http(s) get subsegments too (fetch goes through tracedFetch).
  captureHttpModules();
  app.addHook('onRequest', (request, reply, done) => {
    // Closes itself on the response's finish/close, with status, error and fault flags.
    const segment = sdk.middleware.traceRequestResponseCycle(request.raw, reply.raw);
    reply.header(TRACE_HEADER, `Root=${segment.trace_id};Sampled=${segment.notTraced ? '0' : '1'}`);
    const ns = sdk.getNamespace();
    // The request body arrives through these emitters after this hook: keep them in the context.
    ns.bindEmitter(request.raw);
    ns.bindEmitter(reply.raw);
    ns.run(() => {
      sdk.setSegment(segment);
      done();
    });
  });
}
