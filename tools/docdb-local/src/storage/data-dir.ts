import type { Engine } from './engine.ts';
import type { Journal } from './journal.ts';

export function openDataDir(_dir: string, _log?: (m: string) => void): { engine: Engine; journal: Journal } {
  throw new Error('not implemented yet');
}
