/**
 * Start-up guards: every port is checked before anything starts (so a busy port is one clear
 * message, not a half-started platform), and readiness is polled with a deadline.
 */
import net from 'node:net';

export interface PortClaim {
  readonly port: number;
  readonly host: string;
  /** What uses it, e.g. `load balancer` or `service user`. */
  readonly purpose: string;
  /** The setting that moves it, e.g. `LB_PORT`. */
  readonly variable: string;
}

export class PortBusyError extends Error {
  constructor(readonly claim: PortClaim) {
    super(
      `Port ${claim.port} (${claim.purpose}) is already in use on ${claim.host}. ` +
        `Stop whatever is using it or choose another port with ${claim.variable}.`,
    );
  }
}

function probe(claim: PortClaim): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') reject(new PortBusyError(claim));
      else reject(err);
    });
    server.listen({ port: claim.port, host: claim.host, exclusive: true }, () => {
      server.close(() => resolve());
    });
  });
}

/** Rejects with a PortBusyError naming the first busy port. */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const seen = new Set<number>();
  for (const claim of claims) {
    if (seen.has(claim.port)) {
      throw new Error(`Port ${claim.port} is configured twice (${claim.purpose}); change ${claim.variable}.`);
    }
    seen.add(claim.port);
  }
  await Promise.all(claims.map(probe));
}

/** Poll `url` until it answers 200 or the deadline passes. */
export async function waitForOk(
  url: string,
  deadlineMs: number,
  isCancelled: () => boolean = () => false,
): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline && !isCancelled()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}
