/**
 * @b2b/docdb-local: an embedded server speaking the MongoDB wire protocol, so local runs and
 * tests use the official driver exactly as against Amazon DocumentDB.
 */
import { WireServer } from './server.ts';
import { openDataDir } from './storage/data-dir.ts';

export interface EmbeddedServerOptions {
  /** TCP port; 0 or omitted picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Host name clients should use, reported as the replica-set member (default: the address they reached). */
  advertisedHost?: string;
  /** Keep data here (append-only journal); in memory when omitted. */
  dataDir?: string;
  /** Refuse features Amazon DocumentDB lacks (default true). */
  documentDbMode?: boolean;
  /** TTL monitor period in ms (default 1000). */
  ttlIntervalMs?: number;
  /** Accept configureFailPoint (fault injection for driver tests). Default: only when NODE_ENV is 'test'. */
  enableTestCommands?: boolean;
  /** Journal size below which it is never compacted (default 16 MiB). */
  minCompactBytes?: number;
  /** Where warnings go (default stderr). */
  log?: (message: string) => void;
}

export interface EmbeddedServer {
  /** `mongodb://127.0.0.1:PORT/` */
  uri: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const storage = options.dataDir
    ? await openDataDir(options.dataDir, { log: options.log, minCompactBytes: options.minCompactBytes })
    : undefined;
  const server = new WireServer({
    port: options.port,
    host: options.host,
    advertisedHost: options.advertisedHost,
    documentDbMode: options.documentDbMode,
    ttlIntervalMs: options.ttlIntervalMs,
    enableTestCommands: options.enableTestCommands ?? process.env.NODE_ENV === 'test',
    engine: storage?.engine,
    journal: storage?.journal,
    log: options.log,
  });
  try {
    await server.listen();
  } catch (err) {
    storage?.journal.close();
    throw err;
  }
  const [host] = server.state.info.me.split(':');
  return {
    uri: `mongodb://${host}:${server.port}/`,
    port: server.port,
    close: () => server.close(),
  };
}

export { WireServer };
