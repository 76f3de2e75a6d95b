/**
 * Operator tool for the document-store bus (local runs): list and redrive dead letters.
 *   node --import tsx shared/src/events/dead-letters-cli.ts list <consumer> [--with-data]
 *   node --import tsx shared/src/events/dead-letters-cli.ts redrive <consumer> [eventId ...]
 * Reads EVENT_BUS_MONGODB_URI (or MONGODB_URI). Both buses' dead letters are also listed and
 * redriven over HTTP (GET/POST /api/v1/admin/dead-letters, the admin dashboard's screen), through
 * the DeadLetterAdmin port (dead-letters.ts). Event data is printed only on request, as
 * some events carry single-use tokens.
 */
import { pathToFileURL } from 'node:url';
import { type ConsumerName, consumers } from '../catalogue.ts';
import { createMongo } from '../db/mongo.ts';
import { createDocStoreEventBus } from './docstore.ts';
import { EVENT_BUS_DB_NAME } from './factory.ts';

const usage = 'usage: dead-letters-cli (list <consumer> [--with-data] | redrive <consumer> [eventId ...])';

/** Runs one command; returns the process exit code. `print` receives one line per call. */
export async function deadLetterCommand(
  args: string[],
  env: Record<string, string | undefined>,
  print: (line: string) => void,
): Promise<number> {
  const [command, consumer, ...rest] = args;
  if ((command !== 'list' && command !== 'redrive') || !consumer) {
    print(usage);
    return 2;
  }
  if (!(consumers as readonly string[]).includes(consumer)) {
    print(`unknown consumer '${consumer}'; one of: ${consumers.join(', ')}`);
    return 2;
  }
  const uri = env.EVENT_BUS_MONGODB_URI || env.MONGODB_URI;
  if (!uri) {
    print('EVENT_BUS_MONGODB_URI (or MONGODB_URI) must point at the bus database server');
    return 2;
  }
  const mongo = createMongo({
    uri,
    dbName: EVENT_BUS_DB_NAME,
    appName: 'dead-letters-cli',
    serverSelectionTimeoutMs: 5_000,
  });
  try {
    const bus = createDocStoreEventBus({ db: mongo.db });
    if (command === 'list') {
      const withData = rest.includes('--with-data');
      for (const letter of await bus.listDeadLetters(consumer as ConsumerName)) {
        const { event, ...summary } = letter;
        print(JSON.stringify(withData ? letter : summary));
      }
      return 0;
    }
    const moved = await bus.redrive(consumer as ConsumerName, rest.length > 0 ? rest : undefined);
    print(`redrove ${moved} message(s) to ${consumer}`);
    return 0;
  } finally {
    await mongo.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await deadLetterCommand(process.argv.slice(2), process.env, (line) => console.log(line));
}
