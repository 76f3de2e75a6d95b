import type { CursorStore } from '../cursors.ts';
import type { Engine } from '../storage/engine.ts';
import type { StoreContext } from '../store.ts';
import type { SessionStore } from '../txn/sessions.ts';
import type { LockTable, Transaction } from '../txn/transaction.ts';
import type { Doc } from '../values.ts';

export interface ServerInfo {
  /** host:port the server advertises as its replica-set member name. */
  me: string;
  documentDbMode: boolean;
  startedAt: Date;
}

export interface ServerState {
  engine: Engine;
  cursors: CursorStore;
  sessions: SessionStore;
  locks: LockTable;
  info: ServerInfo;
  connectionCount: () => number;
  /** Aggregation expression evaluator, for $expr in filters. */
  evalExpr?: (expr: unknown, doc: Doc) => unknown;
}

export interface CommandContext extends StoreContext {
  server: ServerState;
  db: string;
  txn?: Transaction;
  connectionId: number;
  /** host:port this connection knows the server by (the replica-set member name it is told). */
  me: string;
}

export type CommandReply = Doc | Buffer;
export type Handler = (cmd: Doc, ctx: CommandContext) => CommandReply;
