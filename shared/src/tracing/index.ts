/**
 * Tracing (X-Ray). All X-Ray calls of the platform live in this module, so moving to
 * OpenTelemetry is a one-module change. Off and free when AWS_XRAY_DAEMON_ADDRESS is unset.
 */
export { captureAwsClient } from './aws.ts';
export { currentTraceHeader, runWithTraceHeader, TRACE_HEADER, tracingEnabled } from './context.ts';
export { registerTracing } from './fastify.ts';
export { tracedFetch } from './fetch.ts';
