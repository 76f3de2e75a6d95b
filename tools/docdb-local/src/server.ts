/** The TCP server: framing, per-connection message loop, housekeeping and shutdown. */
import net from 'node:net';
import { evalExpr } from './commands/aggregate.ts';
import type { ServerState } from './commands/context.ts';
import { type ConnectionInfo, commandName, runCommand } from './commands/dispatch.ts';
import { FailPoints } from './commands/fail-points.ts';
import { CursorStore } from './cursors.ts';
import { codes, ServerError } from './errors.ts';
import { Engine } from './storage/engine.ts';
import type { Journal } from './storage/journal.ts';
import { expireTtlDocuments } from './storage/ttl.ts';
import { abortTransaction } from './store.ts';
import { SessionStore } from './txn/sessions.ts';
import { LockTable } from './txn/transaction.ts';
import type { Doc } from './values.ts';
import {
  encodeOpMsg,
  encodeOpReply,
  MAX_MESSAGE_BYTES,
  OP_MSG,
  OP_QUERY,
  ProtocolError,
  parseMessage,
  readHeader,
} from './wire/protocol.ts';

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Address put in the replica-set member list; defaults to host (127.0.0.1 for wildcard hosts). */
  advertisedHost?: string;
  /** Refuse what Amazon DocumentDB does not support (default true). */
  documentDbMode?: boolean;
  /** Accept configureFailPoint (fault injection for driver tests); off by default. */
  enableTestCommands?: boolean;
  /** How often TTL indexes are enforced, in ms (MongoDB: 60 s; default here 1 s). */
  ttlIntervalMs?: number;
  journal?: Journal;
  engine?: Engine;
  log?: (message: string) => void;
}

export class WireServer {
  readonly state: ServerState;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;
  private timer: NodeJS.Timeout | undefined;
  private readonly journal: Journal | undefined;
  private readonly log: (message: string) => void;
  private readonly failPoints = new FailPoints();
  port = 0;

  constructor(private readonly options: ServerOptions) {
    this.journal = options.journal;
    this.log = options.log ?? ((m) => process.stderr.write(`docdb-local: ${m}\n`));
    const engine = options.engine ?? new Engine();
    this.state = {
      engine,
      cursors: new CursorStore(),
      sessions: new SessionStore(),
      locks: new LockTable(engine),
      info: { me: '', documentDbMode: options.documentDbMode ?? true, startedAt: new Date() },
      connectionCount: () => this.sockets.size,
      evalExpr,
    };
    this.server = net.createServer((socket) => this.onConnection(socket));
  }

  async listen(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    const wildcard = host === '0.0.0.0' || host === '::';
    this.state.info.me = `${this.options.advertisedHost ?? (wildcard ? '127.0.0.1' : host)}:${this.port}`;
    this.timer = setInterval(() => this.housekeeping(), this.options.ttlIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** TTL expiry, idle cursors and transactions past their lifetime. */
  housekeeping(now = Date.now()): void {
    try {
      for (const txn of this.state.sessions.expire(now)) abortTransaction(txn, this.state.locks);
      this.state.cursors.sweep(now);
      expireTtlDocuments(this.state.engine, now);
      this.flush();
    } catch (err) {
      this.log(`housekeeping failed: ${(err as Error).message}`);
    }
  }

  /** Journals the changes of the last command; runs before its reply is sent. */
  private flush(): void {
    const ops = this.state.engine.takePending();
    if (ops.length > 0 && this.journal) this.journal.append(ops);
  }

  private onConnection(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    const conn = { id: connectionId, me: this.memberName(socket) };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let chunks: Buffer[] = [];
    let buffered = 0;
    /** Length of the message being received; 0 until its first four bytes are in. */
    let length = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      while (buffered >= 4) {
        if (length === 0) {
          if ((chunks[0] as Buffer).length < 4) chunks = [Buffer.concat(chunks, buffered)];
          length = (chunks[0] as Buffer).readInt32LE(0);
          if (length < 16 || length > MAX_MESSAGE_BYTES) {
            // The framing cannot be trusted any more: drop this connection only.
            socket.destroy();
            return;
          }
        }
        // Chunks are joined once the whole message is in: joining on every chunk would copy a
        // large message over and over (quadratic in its size).
        if (buffered < length) return;
        const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, buffered);
        const message = all.subarray(0, length);
        const rest = all.subarray(length);
        chunks = rest.length ? [rest] : [];
        buffered = rest.length;
        length = 0;
        let reply: ReturnType<WireServer['handleMessage']>;
        try {
          reply = this.handleMessage(message, conn);
        } catch (err) {
          // Last line of defence: one bad message costs its connection, never the process.
          this.log(`dropping connection ${connectionId}: ${(err as Error).message}`);
          socket.destroy();
          return;
        }
        if (reply === 'close') {
          socket.destroy();
          return;
        }
        if (reply) socket.write(reply);
        if (socket.destroyed) return;
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Answers one message; never throws. */
  /**
   * The member name a connection is told: the advertised host if set, else the address the
   * client reached (so a server on 0.0.0.0 in a container names an address its clients can use).
   */
  private memberName(socket: net.Socket): string {
    if (this.options.advertisedHost) return `${this.options.advertisedHost}:${this.port}`;
    const host = this.options.host ?? '127.0.0.1';
    if (host !== '0.0.0.0' && host !== '::') return this.state.info.me;
    const local = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    return local.includes(':') ? `[${local}]:${this.port}` : `${local}:${this.port}`;
  }

  handleMessage(message: Buffer, conn: ConnectionInfo): Buffer | 'close' | undefined {
    const header = readHeader(message);
    const legacy = header.opCode === OP_QUERY;
    const encode = (reply: Doc | Buffer) =>
      legacy ? encodeOpReply(header.requestId, reply) : encodeOpMsg(header.requestId, reply);
    if (header.opCode !== OP_MSG && header.opCode !== OP_QUERY) {
      return encodeOpMsg(
        header.requestId,
        new ServerError(codes.BadValue, `unsupported opCode ${header.opCode}`).toReply(),
      );
    }
    let parsed: ReturnType<typeof parseMessage>;
    try {
      parsed = parseMessage(message, header);
    } catch (err) {
      const msg = err instanceof ProtocolError ? err.message : 'malformed message';
      return encode(new ServerError(codes.InvalidBSON, `invalid message: ${msg}`).toReply());
    }
    const db = parsed.db ?? (typeof parsed.command.$db === 'string' ? parsed.command.$db : undefined);
    let reply: Doc | Buffer;
    try {
      if (!db) throw new ServerError(codes.InvalidNamespace, 'the command has no $db');
      const name = commandName(parsed.command);
      if (this.options.enableTestCommands && name === 'configureFailPoint') {
        return encode(this.failPoints.configure(parsed.command));
      }
      const injected = this.options.enableTestCommands ? this.failPoints.check(name) : undefined;
      if (injected?.kind === 'close') return 'close';
      reply = injected ? injected.reply : runCommand(this.state, parsed.command, db, conn);
    } catch (err) {
      if (err instanceof ServerError) reply = err.toReply();
      else {
        this.log(`command ${commandName(parsed.command)} failed: ${(err as Error).stack ?? String(err)}`);
        reply = new ServerError(
          codes.InternalError,
          `internal error in ${commandName(parsed.command)}: ${(err as Error).message}`,
        ).toReply();
      }
    }
    try {
      this.flush();
    } catch (err) {
      this.log(`journal write failed: ${(err as Error).message}`);
      reply = new ServerError(codes.InternalError, 'the write could not be made durable').toReply();
    }
    if (parsed.moreToCome) return undefined;
    return encode(reply);
  }

  private closing: Promise<void> | undefined;

  /** Idempotent: a second call waits for the first (and never releases the data directory twice). */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.flush();
    this.journal?.close();
  }
}
