/**
 * The X-Ray SDK, loaded only when a daemon is configured. Everything else in the platform stays
 * free of it: with AWS_XRAY_DAEMON_ADDRESS unset the SDK is never imported, so local runs and
 * tests pay nothing (no cls-hooked async hooks, no UDP socket, no sampling poller).
 *
 * The decision is taken once, when this module is first imported: the daemon address is part of
 * the task definition (the ECS sidecar), it does not change while the process runs.
 */
import pino from 'pino';

export type XRay = typeof import('aws-xray-sdk-core');

async function loadXRay(): Promise<XRay> {
  const mod = await import('aws-xray-sdk-core');
  // CommonJS module: the namespace's default export is the SDK object.
  const xray = ((mod as unknown as { default?: XRay }).default ?? mod) as XRay;
  const log = pino({ name: 'xray', level: process.env.LOG_LEVEL ?? 'info' });
  xray.setLogger({
    debug: (msg: string) => log.debug(msg),
    info: (msg: string) => log.debug(msg),
    warn: (msg: string) => log.warn(msg),
    error: (msg: string) => log.error(msg),
  });
  // Code outside a request or event handler (start-up, relays, pollers) simply runs untraced.
  if (!process.env.AWS_XRAY_CONTEXT_MISSING) xray.setContextMissingStrategy('IGNORE_ERROR');
  // Segments carry the ECS container they came from.
  xray.config([xray.plugins.ECSPlugin]);
  return xray;
}

export const xray: XRay | undefined = process.env.AWS_XRAY_DAEMON_ADDRESS ? await loadXRay() : undefined;
