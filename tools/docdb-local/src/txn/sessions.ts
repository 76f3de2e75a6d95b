/** Logical sessions (lsid) and the transaction each may have open. */
import { keyOf } from '../values.ts';
import type { Transaction } from './transaction.ts';

export interface Session {
  key: string;
  txn?: Transaction;
  lastUsed: number;
}

/** MongoDB's default transactionLifetimeLimitSeconds. */
export const TXN_LIFETIME_MS = 60_000;
const SESSION_IDLE_MS = 30 * 60_000;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  get(lsid: unknown): Session {
    const key = keyOf((lsid as { id?: unknown })?.id ?? lsid);
    let s = this.sessions.get(key);
    if (!s) {
      s = { key, lastUsed: Date.now() };
      this.sessions.set(key, s);
    }
    s.lastUsed = Date.now();
    return s;
  }

  end(lsid: unknown): Session | undefined {
    const key = keyOf((lsid as { id?: unknown })?.id ?? lsid);
    const s = this.sessions.get(key);
    this.sessions.delete(key);
    return s;
  }

  /** Transactions past their lifetime (to abort) and idle sessions (dropped). */
  expire(now = Date.now()): Transaction[] {
    const expired: Transaction[] = [];
    for (const [key, s] of this.sessions) {
      if (s.txn?.state === 'active' && now - s.txn.startedAt > TXN_LIFETIME_MS) expired.push(s.txn);
      if (now - s.lastUsed > SESSION_IDLE_MS && s.txn?.state !== 'active') this.sessions.delete(key);
    }
    return expired;
  }
}
