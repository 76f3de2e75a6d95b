/**
 * The local stand-in for the ALB: one port, the ALB's path rules from the catalogue, streaming
 * proxying over keep-alive connections, `X-Forwarded-*` like the ALB adds them, and a clear 503
 * page when the target is not built yet or not running (the ALB would answer 503 too).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceName } from '@b2b/shared/catalogue';
import { withoutHopByHop } from '@b2b/shared/http';
import { type PathRules, targetForPath } from './path-rules.ts';

/** How long an early answer waits for the client to finish sending its body (see below). */
const EARLY_ANSWER_LINGER_MS = 5_000;

export interface LoadBalancerOptions {
  readonly rules: PathRules;
  readonly port: number;
  readonly host?: string;
  /** Where a target listens, or undefined when it is not live (no code yet). */
  readonly targetPort: (service: ServiceName) => number | undefined;
  /** Whether a live target's process is currently up (false while it restarts). */
  readonly isRunning?: (service: ServiceName) => boolean;
  /** ALB default idle timeout. */
  readonly idleTimeoutMs?: number;
}

export interface LoadBalancer {
  readonly port: number;
  close(): Promise<void>;
}

/** Headers that may cross the proxy (hop-by-hop ones stripped, as the ALB does). */
export function endToEndHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return withoutHopByHop(headers) as http.OutgoingHttpHeaders;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 503 as HTML for browsers, problem+json for everything else. */
export function sendUnavailable(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  service: string | undefined,
  detail: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const title = 'Service Unavailable';
  const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
  if (String(req.headers.accept ?? '').includes('text/html')) {
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto">
<h1>503 · ${title}</h1><p>${escapeHtml(detail)}</p>
<p>The API is at <a href="/api/v1/health">/api/v1/health</a> and its documentation at <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;
    res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
    return;
  }
  res.writeHead(503, { ...headers, 'content-type': 'application/problem+json' });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title,
      status: 503,
      detail,
      // The path only, as the services answer it: query strings may carry tokens from emailed links.
      instance: (req.url ?? '/').split('?')[0],
      code: service ? 'TARGET_UNAVAILABLE' : 'NO_TARGET',
    }),
  );
}

export function startLoadBalancer(opts: LoadBalancerOptions): Promise<LoadBalancer> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 1_000 });
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;

  const server = http.createServer((req, res) => {
    const target = targetForPath(opts.rules, req.url ?? '/');
    const port = target ? opts.targetPort(target) : undefined;
    if (!target || port === undefined) {
      sendUnavailable(
        req,
        res,
        target,
        target
          ? `${target} is declared in the catalogue but not built yet, so nothing answers ${(req.url ?? '/').split('?')[0]}.`
          : 'No service answers this path.',
      );
      return;
    }
    if (opts.isRunning && !opts.isRunning(target)) {
      sendUnavailable(req, res, target, `${target} is not running right now (starting or restarting).`);
      return;
    }
    const headers = endToEndHeaders(req.headers);
    const clientIp = req.socket.remoteAddress ?? '';
    const priorForwardedFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = priorForwardedFor ? `${priorForwardedFor}, ${clientIp}` : clientIp;
    headers['x-forwarded-proto'] = 'http';
    headers['x-forwarded-port'] = String(opts.port);

    let answered = false;
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        answered = true;
        const responseHeaders = endToEndHeaders(upstreamRes.headers);
        const relay = () => {
          res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
          upstreamRes.pipe(res);
          upstreamRes.once('error', () => res.destroy());
        };
        if (req.complete) {
          relay();
          return;
        }
        // An answer before the client finished sending its body (the gateway's early 413 for an
        // oversized one): the rest of that body is not forwarded, so this connection is closed
        // after the answer, as the ALB does (kept alive, the client's next request on it would
        // wait behind a body nobody reads). But not while the client is still sending: closing a
        // socket with unread data resets it, and the client lost the answer with it ("fetch
        // failed" instead of 413, seen in CI). So the rest is read and discarded first, for at
        // most EARLY_ANSWER_LINGER_MS (nginx's lingering close), then the answer goes out.
        responseHeaders.connection = 'close';
        req.unpipe(upstream);
        req.resume();
        // The target's connection carries a body cut short: never reused.
        upstreamRes.once('end', () => upstream.destroy());
        const timer = setTimeout(relay, EARLY_ANSWER_LINGER_MS);
        req.once('end', () => {
          clearTimeout(timer);
          relay();
        });
        req.once('close', () => clearTimeout(timer));
      },
    );
    upstream.setTimeout(idleTimeoutMs, () =>
      upstream.destroy(Object.assign(new Error('idle'), { code: 'IDLE' })),
    );
    upstream.once('error', (err: NodeJS.ErrnoException) => {
      // After the answer, a write error only says the target stopped reading the body.
      if (answered) return;
      if (res.headersSent) {
        res.destroy();
      } else if (err.code === 'ECONNREFUSED') {
        sendUnavailable(req, res, target, `${target} is not accepting connections (starting or restarting).`);
      } else if (err.code === 'IDLE') {
        res.writeHead(504, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Gateway Timeout',
            status: 504,
            code: 'TARGET_TIMEOUT',
          }),
        );
      } else {
        res.writeHead(502, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'TARGET_ERROR' }),
        );
      }
    });
    req.pipe(upstream);
    // The target is done with the request (answered early, or failed): discard what the client
    // still sends, so its upload ends and it can read the answer.
    upstream.once('close', () => {
      if (!req.complete) {
        req.unpipe(upstream);
        req.resume();
      }
    });
    // A client that goes away mid-request frees the upstream connection too.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
  });
  // Longer than the upstream idle timeout, as on the ALB, so the LB never cuts a live response.
  server.keepAliveTimeout = idleTimeoutMs + 1_000;
  server.headersTimeout = idleTimeoutMs + 2_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open until they idle out.
            server.closeAllConnections();
            agent.destroy();
          }),
      });
    });
  });
}
