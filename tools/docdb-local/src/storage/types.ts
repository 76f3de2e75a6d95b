import type { Doc } from '../values.ts';

/**
 * A stored document. `doc` is replaced, never mutated; `version` is the engine clock value of
 * its last write (transactions compare it with their snapshot to detect conflicts).
 */
export interface Rec {
  readonly id: string;
  doc: Doc;
  readonly seq: number;
  version: number;
}

/** A change as the journal records it; replaying these rebuilds the in-memory state. */
export type JournalOp =
  | { op: 'put'; db: string; coll: string; doc: Doc }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'create'; db: string; coll: string; options: Doc }
  | { op: 'drop'; db: string; coll: string }
  | { op: 'dropDb'; db: string }
  | { op: 'index'; db: string; coll: string; spec: Doc }
  | { op: 'dropIndex'; db: string; coll: string; name: string };

/** A superseded version of a document, kept while an open transaction may still read it. */
export interface OldVersion {
  doc: Doc;
  /** Clock of the write that created this version. */
  from: number;
  /** Clock of the write that replaced or deleted it. */
  to: number;
}

export interface ChangeSink {
  record(op: JournalOp): void;
  /** Advances and returns the write clock. */
  tick(): number;
  /** Whether superseded versions must be kept (an open transaction has an older snapshot). */
  keepsHistory(): boolean;
  historyAdded(coll: unknown): void;
}
