/** Routes a command document to its handler, inside the session's transaction when it has one. */
import { codes, fail, ServerError } from '../errors.ts';
import { abortTransaction, commitTransaction } from '../store.ts';
import { Transaction } from '../txn/transaction.ts';
import { type Doc, isNumeric, toNumber } from '../values.ts';
import { adminCommands } from './admin.ts';
import { aggregateCommands } from './aggregate.ts';
import type { CommandContext, CommandReply, Handler, ServerState } from './context.ts';
import { crudCommands } from './crud.ts';
import { ddlCommands } from './ddl.ts';
import { explain } from './explain.ts';

const handlers: Record<string, Handler> = {
  ...adminCommands,
  ...crudCommands,
  ...aggregateCommands,
  ...ddlCommands,
  explain,
};

/** Commands MongoDB allows inside a multi-document transaction. */
const allowedInTxn = new Set([
  'find',
  'getMore',
  'killCursors',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'distinct',
  'create',
  'createIndexes',
  'commitTransaction',
  'abortTransaction',
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
]);

/** Commands Amazon DocumentDB does not implement; refused in DocumentDB mode. */
const documentDbUnsupported = new Set([
  'mapReduce',
  'mapreduce',
  'eval',
  'group',
  'geoNear',
  'geoSearch',
  'text',
  'createView',
]);

function noSuchTransaction(txnNumber: bigint): ServerError {
  return new ServerError(
    codes.NoSuchTransaction,
    `Transaction with { txnNumber: ${txnNumber} } has been aborted.`,
    {},
    ['TransientTransactionError'],
  );
}

function txnNumberOf(cmd: Doc): bigint {
  const n = cmd.txnNumber;
  if (typeof n === 'bigint') return n;
  if (isNumeric(n)) return BigInt(Math.trunc(toNumber(n)));
  return fail(codes.InvalidOptions, 'txnNumber is required for transaction commands');
}

/** Collations, which DocumentDB does not support, on the command or any statement or index spec. */
function usesCollation(cmd: Doc): boolean {
  if (cmd.collation !== undefined) return true;
  for (const list of [cmd.updates, cmd.deletes, cmd.indexes]) {
    if (
      Array.isArray(list) &&
      list.some((s) => s !== null && typeof s === 'object' && (s as Doc).collation !== undefined)
    ) {
      return true;
    }
  }
  return false;
}

export function commandName(cmd: Doc): string {
  return Object.keys(cmd)[0] ?? '';
}

export interface ConnectionInfo {
  id: number;
  me: string;
}

export function runCommand(state: ServerState, cmd: Doc, db: string, conn: ConnectionInfo): CommandReply {
  const name = commandName(cmd);
  const ctx: CommandContext = {
    server: state,
    db,
    connectionId: conn.id,
    me: conn.me,
    locks: state.locks,
    metrics: state.engine.metrics,
  };
  if (state.info.documentDbMode) {
    if (documentDbUnsupported.has(name))
      fail(codes.FeatureNotSupported, `Feature not supported: ${name} (Amazon DocumentDB)`);
    if (usesCollation(cmd))
      fail(codes.FeatureNotSupported, 'Feature not supported: collation (Amazon DocumentDB)');
  }
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  const isTxnCommand = name === 'commitTransaction' || name === 'abortTransaction';
  if (cmd.autocommit === false || isTxnCommand) {
    if (cmd.lsid === undefined) fail(codes.InvalidOptions, 'Transactions require a session (lsid)');
    const session = state.sessions.get(cmd.lsid);
    const txnNumber = txnNumberOf(cmd);
    if (name === 'commitTransaction') {
      const txn = session.txn;
      if (!txn || txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
      if (txn.state === 'committed') return { ok: 1 };
      if (txn.state === 'aborted') throw noSuchTransaction(txnNumber);
      commitTransaction(txn, state.locks);
      return { ok: 1 };
    }
    if (name === 'abortTransaction') {
      const txn = session.txn;
      if (!txn || txn.txnNumber !== txnNumber || txn.state === 'aborted') throw noSuchTransaction(txnNumber);
      if (txn.state === 'committed')
        fail(codes.TransactionCommitted, 'Transaction has already been committed.');
      abortTransaction(txn, state.locks);
      return { ok: 1 };
    }
    if (cmd.startTransaction === true) {
      if (session.txn && session.txn.txnNumber >= txnNumber && session.txn.state !== 'aborted') {
        fail(
          codes.ConflictingOperationInProgress,
          `Transaction ${txnNumber} already in progress or finished`,
        );
      }
      if (session.txn) abortTransaction(session.txn, state.locks);
      session.txn = new Transaction(txnNumber, state.engine.clock);
      state.locks.begin(session.txn);
    }
    const txn = session.txn;
    if (!txn || txn.txnNumber !== txnNumber) throw noSuchTransaction(txnNumber);
    if (txn.state === 'committed') fail(codes.TransactionCommitted, 'Transaction has been committed.');
    if (txn.state === 'aborted') throw noSuchTransaction(txnNumber);
    if (!allowedInTxn.has(name)) {
      fail(codes.OperationNotSupportedInTransaction, `Cannot run '${name}' in a multi-document transaction.`);
    }
    ctx.txn = txn;
    try {
      const reply = handler ? handler(cmd, ctx) : fail(codes.CommandNotFound, `no such command: '${name}'`);
      // A failed write aborts the transaction, as on a real server.
      if (!Buffer.isBuffer(reply) && Array.isArray(reply.writeErrors)) abortTransaction(txn, state.locks);
      return reply;
    } catch (err) {
      abortTransaction(txn, state.locks);
      throw err;
    }
  }
  if (!handler) return fail(codes.CommandNotFound, `no such command: '${name}'`);
  return handler(cmd, ctx);
}
