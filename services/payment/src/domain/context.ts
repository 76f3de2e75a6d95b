import type { EventPayloads } from '@b2b/shared/catalogue';
import type { EventsProducedBy } from '@b2b/shared/events';
import type { ClientSession } from 'mongodb';
import type { CardProvider } from '../providers/port.ts';
import type { CounterRepository } from '../repositories/counters.ts';
import type { CreditAccountRepository } from '../repositories/credit-accounts.ts';
import type { InvoiceRepository } from '../repositories/invoices.ts';
import type { OrderClosureRepository } from '../repositories/order-closures.ts';
import type { PaymentRepository } from '../repositories/payments.ts';

/** The events the payment service publishes, from the catalogue. */
export type PaymentEventType = EventsProducedBy<'payment'>;

/** A transaction in which state changes and the events they cause are written together. */
export interface Transaction {
  session: ClientSession;
  stage<K extends PaymentEventType>(type: K, data: EventPayloads[K]): void;
}

/**
 * Runs `work` in a transaction whose staged events land in the outbox on commit. `correlationId`
 * continues a flow (the saga's order.placed) instead of starting one.
 */
export type RunInTransaction = <T>(
  work: (tx: Transaction) => Promise<T>,
  opts?: { correlationId?: string },
) => Promise<T>;

export interface Repositories {
  credit: CreditAccountRepository;
  payments: PaymentRepository;
  invoices: InvoiceRepository;
  counters: CounterRepository;
  closures: OrderClosureRepository;
}

export interface PaymentLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Everything the use cases need, built once by buildApp from its deps. */
export interface PaymentContext {
  repos: Repositories;
  provider: CardProvider;
  now: () => Date;
  transaction: RunInTransaction;
  log: PaymentLog;
}
