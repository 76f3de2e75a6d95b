/**
 * MongoDB wire protocol framing: OP_QUERY (legacy handshake), OP_MSG (everything else) and the
 * replies to them. https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */
import { deserialize, serialize } from 'bson';
import { type Doc, normalize } from '../values.ts';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_BYTES = 16 * 1024 * 1024;

const CHECKSUM_PRESENT = 1;
export const MORE_TO_COME = 2;

export class ProtocolError extends Error {}

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export function readHeader(buf: Buffer): Header {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

export interface ParsedCommand {
  /** The command document, with kind-1 document sequences folded in as arrays. */
  command: Doc;
  /** For OP_QUERY: the database parsed from `<db>.$cmd`. */
  db?: string;
  legacy: boolean;
  moreToCome: boolean;
}

const deserializeOptions = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

function readDoc(buf: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid document length');
  if (size > MAX_BSON_BYTES + 16 * 1024) throw new ProtocolError('document exceeds the maximum BSON size');
  let doc: Doc;
  try {
    doc = deserialize(buf.subarray(offset, offset + size), deserializeOptions) as Doc;
  } catch (err) {
    throw new ProtocolError(`invalid BSON: ${(err as Error).message}`);
  }
  return { doc: normalize(doc) as Doc, next: offset + size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated string');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses a whole message (header included). Throws ProtocolError on malformed input. */
export function parseMessage(buf: Buffer, header: Header): ParsedCommand {
  const end = buf.length;
  if (header.opCode === OP_MSG) {
    if (end < 21) throw new ProtocolError('OP_MSG too short');
    const flags = buf.readUInt32LE(16);
    if (flags & ~(CHECKSUM_PRESENT | MORE_TO_COME | (1 << 16))) {
      // Unknown required flag bits (0-15) must make the server refuse the message.
      if (flags & 0xfffc) throw new ProtocolError(`unsupported OP_MSG flags ${flags}`);
    }
    const sectionsEnd = flags & CHECKSUM_PRESENT ? end - 4 : end;
    let offset = 20;
    let body: Doc | undefined;
    const sequences: [string, Doc[]][] = [];
    while (offset < sectionsEnd) {
      const kind = buf[offset++];
      if (kind === 0) {
        if (body) throw new ProtocolError('OP_MSG has more than one body section');
        const r = readDoc(buf, offset, sectionsEnd);
        body = r.doc;
        offset = r.next;
      } else if (kind === 1) {
        if (offset + 4 > sectionsEnd) throw new ProtocolError('truncated document sequence');
        const size = buf.readInt32LE(offset);
        const seqEnd = offset + size;
        if (size < 5 || seqEnd > sectionsEnd) throw new ProtocolError('invalid document sequence length');
        const id = readCString(buf, offset + 4, seqEnd);
        let p = id.next;
        const docs: Doc[] = [];
        while (p < seqEnd) {
          const r = readDoc(buf, p, seqEnd);
          docs.push(r.doc);
          p = r.next;
        }
        sequences.push([id.value, docs]);
        offset = seqEnd;
      } else {
        throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new ProtocolError('OP_MSG without a body section');
    for (const [id, docs] of sequences) body[id] = docs;
    return { command: body, legacy: false, moreToCome: (flags & MORE_TO_COME) !== 0 };
  }
  if (header.opCode === OP_QUERY) {
    const ns = readCString(buf, 20, end);
    const offset = ns.next + 8; // numberToSkip, numberToReturn
    const r = readDoc(buf, offset, end);
    const dot = ns.value.indexOf('.');
    if (dot < 0 || ns.value.slice(dot + 1) !== '$cmd')
      throw new ProtocolError('OP_QUERY is only supported for commands');
    let command = r.doc;
    // Drivers may wrap the command as {$query: {...}, $readPreference: ...}.
    if (command.$query && typeof command.$query === 'object') command = command.$query as Doc;
    return { command, db: ns.value.slice(0, dot), legacy: true, moreToCome: false };
  }
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeBody(reply: Doc | Buffer): Buffer {
  return Buffer.isBuffer(reply) ? reply : Buffer.from(serialize(reply, { ignoreUndefined: true }));
}

export function encodeOpMsg(responseTo: number, reply: Doc | Buffer): Buffer {
  const body = encodeBody(reply);
  const prefix = Buffer.allocUnsafe(5);
  prefix.writeUInt32LE(0, 0);
  prefix[4] = 0;
  return Buffer.concat([header(16 + 5 + body.length, responseTo, OP_MSG), prefix, body]);
}

export function encodeOpReply(responseTo: number, reply: Doc | Buffer): Buffer {
  const body = encodeBody(reply);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(8, 0); // AwaitCapable
  // cursorID (8 bytes) = 0, startingFrom = 0
  fields.writeInt32LE(1, 16); // numberReturned
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
