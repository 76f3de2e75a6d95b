import {
  baseSettings,
  loadConfig,
  loadConfigOrExit,
  requireDatabase,
  requireEventBus,
} from '@b2b/shared/config';
import { DecimalString } from '@b2b/shared/http';
import { requireServiceCredential, serviceCredentialSettings } from '@b2b/shared/internal';
import { Type } from 'typebox';
import type { OrderRules } from './domain/context.ts';
import { DEFAULT_SUPPLIER_COUNTRY } from './domain/tax.ts';

export const OrderSettings = Type.Object({
  ...baseSettings,
  ...serviceCredentialSettings,
  /** The supplier's country: domestic VAT and the reverse-charge decision depend on it. */
  SUPPLIER_COUNTRY: Type.String({ pattern: '^[A-Z]{2}$', default: DEFAULT_SUPPLIER_COUNTRY }),
  /** Currency of the shipping fee and threshold (the catalogue's currency). */
  SHIPPING_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' }),
  SHIPPING_FLAT_FEE: Type.String({ ...DecimalString, default: '15.00' }),
  FREE_SHIPPING_THRESHOLD: Type.String({ ...DecimalString, default: '500.00' }),
  /** An order still `pending` this long after checkout is cancelled and compensated. */
  PENDING_DEADLINE_SECONDS: Type.Integer({ minimum: 5, maximum: 86_400, default: 60 }),
  /** How often the stale-order job looks. */
  STALE_ORDER_SWEEP_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
  /** How often the quote-expiry job looks for offers past their validUntil. */
  QUOTE_EXPIRY_SWEEP_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  /** How long a cart read may reuse a price quote (checkout always asks afresh). */
  PRICE_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 300, default: 5 }),
});

function options(env: NodeJS.ProcessEnv) {
  return {
    env: { SERVICE_NAME: 'order', ...env },
    rules: [requireDatabase, requireEventBus({ consumer: true }), requireServiceCredential],
  };
}

export function parseOrderConfig(env: NodeJS.ProcessEnv) {
  return loadConfig(OrderSettings, options(env));
}

export function loadOrderConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(OrderSettings, options(env));
}

export type OrderConfig = ReturnType<typeof loadOrderConfig>;

export function orderRulesFrom(config: OrderConfig): OrderRules {
  return {
    supplierCountry: config.SUPPLIER_COUNTRY,
    shippingFee: { amount: config.SHIPPING_FLAT_FEE, currency: config.SHIPPING_CURRENCY },
    freeShippingThreshold: { amount: config.FREE_SHIPPING_THRESHOLD, currency: config.SHIPPING_CURRENCY },
    pendingDeadlineMs: config.PENDING_DEADLINE_SECONDS * 1000,
  };
}
