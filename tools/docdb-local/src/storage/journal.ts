import type { JournalOp } from './types.ts';

export interface Journal {
  append(ops: JournalOp[]): void;
  close(): void;
}
