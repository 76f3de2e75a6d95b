/**
 * The process side of a service: listen, then on SIGTERM (ECS) or SIGINT (Ctrl+C) stop accepting,
 * let in-flight requests finish, run the onClose hooks (bus consumers, database) and exit 0, or
 * exit 1 when that takes longer than the deadline.
 */
import type { FastifyInstance } from 'fastify';

export interface RunServiceOptions {
  port: number;
  host: string;
  /** How long a graceful shutdown may take before the process is forced out. */
  shutdownTimeoutMs?: number;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null ? (err as { code?: string }).code : undefined;
}

/** Listens, installs the shutdown handlers and resolves with the listening address. */
export async function runService(app: FastifyInstance, options: RunServiceOptions): Promise<string> {
  const { port, host, shutdownTimeoutMs = 10_000 } = options;
  const name = app.serviceName ?? 'service';

  let address: string;
  try {
    address = await app.listen({ port, host });
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `${name}: port ${port} on ${host} is already in use (EADDRINUSE); stop the other process or set PORT\n`,
      );
    } else if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`${name}: cannot listen on ${host}:${port} (${code})\n`);
    } else {
      app.log.fatal({ err }, 'start-up failed');
      process.stderr.write(`${name}: start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    // Ctrl+C reaches both the local runner and its children; the runner then sends SIGTERM too.
    if (shuttingDown) {
      app.log.info({ signal }, 'shutdown already in progress');
      return;
    }
    shuttingDown = true;
    app.log.info({ signal, shutdownTimeoutMs }, 'shutting down: finishing in-flight requests');
    app.readiness?.markShuttingDown();
    const deadline = setTimeout(() => {
      app.log.error({ shutdownTimeoutMs }, 'graceful shutdown took too long; forcing exit');
      process.exit(1);
    }, shutdownTimeoutMs);
    try {
      await app.close();
      clearTimeout(deadline);
      app.log.info('shutdown complete');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A crash is logged as one JSON line with the stack, then the process stops: ECS restarts it.
  process.on('uncaughtException', (err) => {
    app.log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    app.log.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
  return address;
}
