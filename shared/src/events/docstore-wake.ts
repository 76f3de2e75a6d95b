/**
 * Wake hints between the processes that share one document-store bus (local runs and tests only:
 * in AWS the bus is SNS/SQS, whose long polls return as soon as a message arrives).
 *
 * A consumer polls its queue: right after a message every `minPollMs`, backing off to
 * `maxPollMs` when idle. A message queued by the same process wakes it at once (the in-process
 * signal of docstore-queues.ts), but a saga's every step crosses processes (order → product →
 * payment → order), and each crossing waited for the next poll: about 35 ms on average per hop
 * even with the hot window, a third of a quiet checkout's time to `confirmed`.
 *
 * So each process that consumes opens one UDP socket on 127.0.0.1 and records its port, with the
 * queues it consumes, in the bus database (`bus_wake_listeners`). A process that queues a message
 * sends the queue's key (`<database>/<consumer>`) in one datagram to every other process that
 * consumes that queue; the receiver wakes its consumer as the in-process signal would.
 *
 * A hint is only a hint. The datagram carries no event, only which queue to poll now; a lost,
 * late, duplicated or forged one costs at most one extra poll, and polling stays the path that
 * delivers. A process that died leaves its record behind until its heartbeat is older than
 * `STALE_MS`; datagrams to its port go nowhere. Nothing listens beyond the loopback interface.
 */
import { createSocket, type Socket } from 'node:dgram';
import { hostname } from 'node:os';
import type { Collection, Db } from 'mongodb';
import type { ConsumerName } from '../catalogue.ts';

export const WAKE_COLLECTION = 'bus_wake_listeners';
/** How often a listening process renews its record. */
const HEARTBEAT_MS = 10_000;
/** A record not renewed for this long belongs to a process that is gone. */
const STALE_MS = 35_000;
/** How long a publisher uses its copy of the records before it reads them again (in the background). */
const REFRESH_MS = 1_000;

interface WakeListener {
  /** `<host>/<pid>/<port>`: one record per listening process. */
  _id: string;
  port: number;
  /** `<database>/<consumer>` keys this process consumes. */
  keys: string[];
  seenAt: Date;
}

type Wake = (key: string) => void;

/** A queue's key, `<database>/<consumer>`: the in-process signal's event name and a hint's content. */
export const wakeKey = (db: Db, consumer: ConsumerName) => `${db.databaseName}/${consumer}`;

/** This process's listening socket, opened by the first consumer and closed after the last one. */
let socket: { socket: Socket; port: Promise<number> } | undefined;
/** Consumers of this process per key, with the databases to record them in. */
const listening = new Map<string, { db: Db; count: number }>();
/** Every bus database this process has recorded itself in (to remove the records at the end). */
const recordedIn = new Set<Db>();
let heartbeat: NodeJS.Timeout | undefined;
let deliver: Wake = () => {};

/** Sets what a received hint does (docstore-queues.ts: the same signal a local publish gives). */
export function onWakeHint(wake: Wake): void {
  deliver = wake;
}

function listenerId(port: number): string {
  return `${hostname()}/${process.pid}/${port}`;
}

function openSocket(): { socket: Socket; port: Promise<number> } {
  const s = createSocket({ type: 'udp4' });
  // A datagram is a queue key; anything else matches no consumer and wakes nothing.
  s.on('message', (msg) => deliver(msg.toString('utf8')));
  // Never fatal: a socket error only means no hints, and polling still delivers.
  s.on('error', () => {});
  const port = new Promise<number>((resolve, reject) => {
    s.once('listening', () => resolve(s.address().port));
    s.once('error', reject);
  });
  s.bind({ address: '127.0.0.1', port: 0, exclusive: true });
  s.unref();
  return { socket: s, port };
}

const collectionOf = (db: Db): Collection<WakeListener> => db.collection<WakeListener>(WAKE_COLLECTION);

/**
 * Brings this process's record up to date in every bus database it consumes from, and removes it
 * from those it no longer consumes from. Resolves with the error of `db`'s write, if any: one
 * database failing (a test's closed client) never blocks the others.
 */
async function record(db?: Db): Promise<unknown> {
  if (!socket) return undefined;
  const port = await socket.port;
  const id = listenerId(port);
  const byDb = new Map<Db, string[]>();
  for (const [key, entry] of listening) byDb.set(entry.db, [...(byDb.get(entry.db) ?? []), key]);
  let failure: unknown;
  const writes = [...new Set([...byDb.keys(), ...recordedIn])].map(async (target) => {
    const keys = byDb.get(target);
    try {
      if (keys) {
        recordedIn.add(target);
        await collectionOf(target).replaceOne(
          { _id: id },
          { port, keys, seenAt: new Date() },
          { upsert: true },
        );
      } else {
        recordedIn.delete(target);
        await collectionOf(target).deleteOne({ _id: id });
      }
    } catch (err) {
      if (target === db) failure = err;
    }
  });
  await Promise.all(writes);
  return failure;
}

/**
 * Starts receiving hints for `consumer` of `db` (each one reaches `onWakeHint`'s function with the
 * queue's key). Returns the unregister. Recording is best effort: when it fails, `onError` hears
 * of it and this consumer is only polled, as before.
 */
export function listenForWakeHints(
  db: Db,
  consumer: ConsumerName,
  onError: (err: unknown) => void,
): () => void {
  const key = wakeKey(db, consumer);
  socket ??= openSocket();
  const entry = listening.get(key) ?? { db, count: 0 };
  entry.count += 1;
  listening.set(key, entry);
  void record(db).then((err) => err && onError(err), onError);
  heartbeat ??= setInterval(() => void record().catch(() => {}), HEARTBEAT_MS).unref();

  let done = false;
  return () => {
    if (done) return;
    done = true;
    const current = listening.get(key);
    if (current && --current.count <= 0) listening.delete(key);
    const open = socket;
    if (!open) return;
    if (listening.size > 0) {
      void record().catch(() => {});
      return;
    }
    // The last consumer of this process: its records go, then the socket.
    socket = undefined;
    clearInterval(heartbeat);
    heartbeat = undefined;
    const dbs = [...recordedIn];
    recordedIn.clear();
    void open.port
      .then((port) => Promise.all(dbs.map((d) => collectionOf(d).deleteOne({ _id: listenerId(port) }))))
      .catch(() => {})
      .finally(() => open.socket.close());
  };
}

/** Per bus database: the other processes' records, as last read. */
const known = new WeakMap<Db, { ports: Map<string, number[]>; readAt: number; reading?: Promise<void> }>();

async function readListeners(db: Db): Promise<void> {
  const own = socket ? await socket.port.catch(() => undefined) : undefined;
  const docs = await collectionOf(db)
    .find({ seenAt: { $gte: new Date(Date.now() - STALE_MS) } })
    .toArray();
  const ports = new Map<string, number[]>();
  for (const doc of docs) {
    // This process's own consumers are woken in-process.
    if (own !== undefined && doc._id === listenerId(own)) continue;
    for (const key of doc.keys) ports.set(key, [...(ports.get(key) ?? []), doc.port]);
  }
  known.set(db, { ports, readAt: Date.now() });
}

let sender: Socket | undefined;

/**
 * Tells the other processes consuming `consumer` of `db` that it has a message. Never throws and
 * never waits on the network: the first call per database reads the records (later ones use that
 * copy, refreshed in the background once it is older than a second).
 */
export async function sendWakeHint(db: Db, consumer: ConsumerName): Promise<void> {
  let state = known.get(db);
  if (!state) {
    await readListeners(db).catch(() => known.set(db, { ports: new Map(), readAt: Date.now() }));
    state = known.get(db);
  } else if (Date.now() - state.readAt > REFRESH_MS && !state.reading) {
    const current = state;
    current.reading = readListeners(db)
      .catch(() => {})
      .finally(() => {
        current.reading = undefined;
      });
  }
  const key = wakeKey(db, consumer);
  const ports = state?.ports.get(key);
  if (!ports?.length) return;
  if (!sender) {
    sender = createSocket('udp4');
    sender.on('error', () => {});
    sender.unref();
  }
  const msg = Buffer.from(key, 'utf8');
  for (const port of ports) sender.send(msg, port, '127.0.0.1', () => {});
}
