import type { Db } from 'mongodb';
import type { CardProvider } from '../providers/port.ts';
import { CounterRepository } from '../repositories/counters.ts';
import { CreditAccountRepository } from '../repositories/credit-accounts.ts';
import { InvoiceRepository } from '../repositories/invoices.ts';
import { OrderClosureRepository } from '../repositories/order-closures.ts';
import { PaymentRepository } from '../repositories/payments.ts';
import type { PaymentContext, PaymentLog, RunInTransaction } from './context.ts';

export interface PaymentContextDeps {
  db: Db;
  provider: CardProvider;
  transaction: RunInTransaction;
  log: PaymentLog;
  now?: () => Date;
}

/** The one context of the use cases; main.ts builds it and hands it to the app, the consumers and the job. */
export function createPaymentContext(deps: PaymentContextDeps): PaymentContext {
  return {
    repos: {
      credit: new CreditAccountRepository(deps.db),
      payments: new PaymentRepository(deps.db),
      invoices: new InvoiceRepository(deps.db),
      counters: new CounterRepository(deps.db),
      closures: new OrderClosureRepository(deps.db),
    },
    provider: deps.provider,
    transaction: deps.transaction,
    now: deps.now ?? (() => new Date()),
    log: deps.log,
  };
}

/** Every collection's indexes; the outbox and consumer records too (none can be created inside a transaction). */
export async function ensurePaymentIndexes(ctx: PaymentContext): Promise<void> {
  for (const repo of Object.values(ctx.repos)) {
    if ('ensureIndexes' in repo) await repo.ensureIndexes();
  }
}
