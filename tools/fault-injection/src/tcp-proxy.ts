/**
 * A TCP proxy the tool controls, between the services' bus connections and the database port:
 * `cut()` drops every open connection and refuses new ones (the listening socket closes, so a
 * connect gets ECONNREFUSED, as when the bus is down), `restore()` listens again on the same port.
 * Locally the bus lives in the database; this makes only the bus unreachable, not the services'
 * own databases (their MONGODB_URI goes straight to the server).
 */
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Connections currently relayed. */
  readonly open: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(opts: {
  port: number;
  host?: string;
  target: { host: string; port: number };
}): Promise<TcpProxy> {
  const host = opts.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

  const relay = (client: net.Socket) => {
    const upstream = net.connect(opts.target.port, opts.target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(relay);
      s.once('error', reject);
      s.listen(opts.port, host, () => {
        s.off('error', reject);
        server = s;
        resolve();
      });
    });

  const stopListening = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    port: opts.port,
    get open() {
      return sockets.size / 2;
    },
    cut: stopListening,
    async restore() {
      if (!server) await listen();
    },
    close: stopListening,
  };
}
