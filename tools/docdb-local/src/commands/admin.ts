/** Handshake, diagnostics and session commands. */
import { ObjectId } from 'bson';
import { abortTransaction } from '../store.ts';
import type { Doc } from '../values.ts';
import { MAX_BSON_BYTES, MAX_MESSAGE_BYTES } from '../wire/protocol.ts';
import type { CommandContext, Handler } from './context.ts';

export const SERVER_VERSION = '5.0.0';
export const MAX_WIRE_VERSION = 13;
const electionId = new ObjectId('7fffffff0000000000000001');

/**
 * The server presents itself as the primary of a one-member replica set: the driver only runs
 * transactions against replica sets, and a plain `mongodb://host:port/` URI still works because
 * the member list names exactly the address the client used.
 */
export function helloReply(ctx: CommandContext, legacyName: boolean): Doc {
  const { me } = ctx;
  const reply: Doc = {
    helloOk: true,
    [legacyName ? 'ismaster' : 'isWritablePrimary']: true,
    setName: 'rs0',
    setVersion: 1,
    hosts: [me],
    primary: me,
    me,
    electionId,
    secondary: false,
    maxBsonObjectSize: MAX_BSON_BYTES,
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
  return reply;
}

const ok = (): Doc => ({ ok: 1 });

export const adminCommands: Record<string, Handler> = {
  hello: (_cmd, ctx) => helloReply(ctx, false),
  isMaster: (_cmd, ctx) => helloReply(ctx, true),
  ismaster: (_cmd, ctx) => helloReply(ctx, true),
  ping: ok,
  buildInfo: () => ({
    version: SERVER_VERSION,
    gitVersion: 'docdb-local',
    versionArray: [5, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_BYTES,
    storageEngines: ['docdb-local'],
    modules: [],
    ok: 1,
  }),
  buildinfo: () => ({ version: SERVER_VERSION, versionArray: [5, 0, 0, 0], ok: 1 }),
  getParameter: (cmd) => {
    const reply: Doc = {};
    if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*') {
      reply.featureCompatibilityVersion = { version: '5.0' };
    }
    if (cmd.transactionLifetimeLimitSeconds !== undefined || cmd.getParameter === '*')
      reply.transactionLifetimeLimitSeconds = 60;
    reply.ok = 1;
    return reply;
  },
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'docdb-local' }, ok: 1 }),
  whatsmyuri: (_cmd, ctx) => ({ you: ctx.server.info.me, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['docdb-local'], parsed: {}, ok: 1 }),
  serverStatus: (_cmd, ctx) => ({
    host: ctx.server.info.me,
    version: SERVER_VERSION,
    process: 'docdb-local',
    uptime: (Date.now() - ctx.server.info.startedAt.getTime()) / 1000,
    localTime: new Date(),
    connections: { current: ctx.server.connectionCount() },
    metrics: {
      queryExecutor: {
        scannedObjects: ctx.server.engine.metrics.scannedObjects,
        collectionScans: { total: ctx.server.engine.metrics.collectionScans },
      },
    },
    ok: 1,
  }),
  endSessions: (cmd, ctx) => {
    const list = Array.isArray(cmd.endSessions) ? cmd.endSessions : [];
    for (const lsid of list) {
      const s = ctx.server.sessions.end(lsid);
      if (s?.txn) abortTransaction(s.txn, ctx.server.locks);
    }
    return { ok: 1 };
  },
  refreshSessions: ok,
  startSession: () => ({ id: { id: new ObjectId() }, timeoutMinutes: 30, ok: 1 }),
  replSetGetStatus: (_cmd, ctx) => ({
    set: 'rs0',
    myState: 1,
    members: [{ _id: 0, name: ctx.server.info.me, health: 1, state: 1, stateStr: 'PRIMARY', self: true }],
    ok: 1,
  }),
  logout: ok,
  saslStart: () => ({
    ok: 0,
    errmsg: 'Authentication is not supported by docdb-local',
    code: 18,
    codeName: 'AuthenticationFailed',
  }),
};
