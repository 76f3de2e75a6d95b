/**
 * The payment service's ledger as the user service's tests (and benches) need it: creditUsed per
 * company from a map the test controls, or "cannot answer now" (null) while `down`.
 */
import type { MoneyJson } from '@b2b/shared/money';
import type { CreditLedger } from '../../src/domain/credit-ledger.ts';

export interface CreditLedgerStandIn extends CreditLedger {
  readonly used: Map<string, MoneyJson>;
  down: boolean;
}

export function creditLedgerStandIn(): CreditLedgerStandIn {
  const standIn: CreditLedgerStandIn = {
    used: new Map(),
    down: false,
    async creditUsed(companyIds) {
      if (standIn.down) return null;
      return new Map(
        companyIds.flatMap((id) => (standIn.used.has(id) ? [[id, standIn.used.get(id)!] as const] : [])),
      );
    },
  };
  return standIn;
}
