import http from 'node:http';
import https from 'node:https';
import { xray } from './sdk.ts';

/**
 * Wraps an AWS SDK v3 client so each call becomes a subsegment of the current trace.
 * Returns the client unchanged when tracing is off.
 */
export function captureAwsClient<T>(client: T): T {
  if (!xray) return client;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK types clients loosely; T stays the caller's type.
  return xray.captureAWSv3Client(client as any) as T;
}

let httpCaptured = false;

/**
 * Captures outbound calls made with node:http / node:https (libraries that do not use fetch).
 * Global fetch is undici, which these patches do not see: use `tracedFetch` for it.
 */
export function captureHttpModules(): void {
  if (!xray || httpCaptured) return;
  httpCaptured = true;
  xray.captureHTTPsGlobal(http, true);
  xray.captureHTTPsGlobal(https, true);
}
