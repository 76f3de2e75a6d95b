/**
 * docdb-local [--port 27017] [--host 127.0.0.1] [--data-dir DIR] [--mongodb-mode]
 * Prints `ready mongodb://HOST:PORT/` as the first stdout line once it accepts connections;
 * exits 0 on SIGTERM/SIGINT, or when the process that started it exits, after the journal is
 * flushed and closed.
 */
import { parseArgs } from 'node:util';
import { startEmbeddedServer } from './index.ts';

const usage = `usage: docdb-local [--port N] [--host ADDR] [--data-dir DIR] [--mongodb-mode] [--ttl-interval-ms N]
  --port           TCP port (default 27017; 0 picks a free one)
  --host           interface to listen on (default 127.0.0.1)
  --advertise-host name clients use to reach this server (default: the address they connected to)
  --data-dir       keep data in DIR (journal); in memory when omitted
  --mongodb-mode   accept features Amazon DocumentDB does not support (default: refuse them)
  --ttl-interval-ms how often TTL indexes are enforced (default 1000)
  --enable-test-commands  accept configureFailPoint (fault injection; never expose it)
`;

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const port = Number(values.port ?? 27017);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port ${values.port}\n`);
    process.exit(2);
  }
  const ttlIntervalMs =
    values['ttl-interval-ms'] === undefined ? undefined : Number(values['ttl-interval-ms']);
  // NaN or 0 would make the TTL monitor spin every millisecond.
  if (ttlIntervalMs !== undefined && !(Number.isInteger(ttlIntervalMs) && ttlIntervalMs >= 10)) {
    process.stderr.write(`invalid --ttl-interval-ms ${values['ttl-interval-ms']} (an integer >= 10)\n`);
    process.exit(2);
  }
  const server = await startEmbeddedServer({
    port,
    host: values.host,
    advertisedHost: values['advertise-host'],
    dataDir: values['data-dir'],
    documentDbMode: !values['mongodb-mode'],
    ttlIntervalMs,
    enableTestCommands: values['enable-test-commands'] === true,
  });
  process.stdout.write(`ready ${server.uri}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`docdb-local: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  stopWithParent(stop);
}

/**
 * `npx docdb-local` runs this under `sh -c`, and dash (Debian's sh) forks instead of exec'ing:
 * a SIGTERM to npx kills only the shell and would leave the server orphaned, holding its port
 * and data directory. So the server stops (flushing, exit 0) once the process that started it
 * is gone. Not for a process started by init (pid 1, e.g. as a container's entry point).
 */
function stopWithParent(stop: () => void): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') stop();
    }
  }, 250);
  timer.unref();
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'advertise-host': { type: 'string' },
      'data-dir': { type: 'string' },
      'mongodb-mode': { type: 'boolean' },
      'ttl-interval-ms': { type: 'string' },
      'enable-test-commands': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}

main().catch((err) => {
  process.stderr.write(`docdb-local: ${(err as Error).message}\n`);
  process.exit(1);
});
