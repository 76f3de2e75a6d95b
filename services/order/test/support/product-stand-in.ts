/**
 * A stand-in for the product service's `POST /internal/prices` until that service is merged: a
 * tiny app with the SAME schemas (src/pricing/product-internal-api.ts) and the service-credential
 * guard, listening on a port of this service's test range so the real typed client calls it.
 */

import { AppError } from '@b2b/shared/errors';
import { createService, type ServiceApp } from '@b2b/shared/http';
import { serviceCallersOnly } from '@b2b/shared/internal';
import { fromJson, type Money, type MoneyJson, multiply, sum, toJson } from '@b2b/shared/money';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { PriceQuote, PriceQuoteRequest } from '../../src/pricing/product-internal-api.ts';

export interface StandInProduct {
  sku: string;
  productId: string;
  name: string;
  price: MoneyJson;
  minOrderQuantity: number;
  orderMultiple: number;
  available: number;
  /** Company-specific unit prices (a price list). */
  companyPrices?: Record<string, MoneyJson>;
}

export interface ProductStandIn {
  app: ServiceApp;
  url: string;
  products: Map<string, StandInProduct>;
  /** Quote calls received. */
  calls: number;
  /** When set, every quote answers this status (an outage). */
  failWith: number | null;
  put(product: Partial<StandInProduct> & { sku: string; price: MoneyJson }): StandInProduct;
  close(): Promise<void>;
}

export async function startProductStandIn(port: number, credential: string): Promise<ProductStandIn> {
  const app = createService({ name: 'product-stand-in', logLevel: 'silent' });
  const state: ProductStandIn = {
    app,
    url: `http://127.0.0.1:${port}`,
    products: new Map(),
    calls: 0,
    failWith: null,
    put(product) {
      const full: StandInProduct = {
        productId: `p-${product.sku.toLowerCase()}`,
        name: `Product ${product.sku}`,
        minOrderQuantity: 1,
        orderMultiple: 1,
        available: 1000,
        ...product,
      };
      state.products.set(product.sku.toUpperCase(), full);
      return full;
    },
    close: () => app.close(),
  };
  const routes: FastifyPluginAsyncTypebox = async (internal) => {
    await internal.register(serviceCallersOnly, { credential });
    internal.post(
      '/prices',
      { schema: { body: PriceQuoteRequest, response: { 200: PriceQuote } } },
      async (request): Promise<Static<typeof PriceQuote>> => {
        state.calls++;
        if (state.failWith)
          throw new AppError({ status: state.failWith, code: 'STAND_IN_DOWN', detail: 'down' });
        const companyId = request.body.companyId ?? null;
        const totals: Money[] = [];
        const lines = request.body.lines.map((line) => {
          const p = state.products.get(line.sku.toUpperCase());
          if (!p)
            return {
              sku: line.sku,
              quantity: line.quantity,
              available: 0,
              problems: ['unknown_sku' as const],
            };
          const unit = fromJson((companyId && p.companyPrices?.[companyId]) || p.price, {
            precision: 'price',
          });
          const total = multiply(unit, line.quantity);
          totals.push(total);
          const problems: ('below_minimum' | 'not_multiple' | 'insufficient_stock')[] = [];
          if (line.quantity < p.minOrderQuantity) problems.push('below_minimum');
          if (line.quantity % p.orderMultiple !== 0) problems.push('not_multiple');
          if (p.available < line.quantity) problems.push('insufficient_stock');
          return {
            sku: p.sku,
            quantity: line.quantity,
            productId: p.productId,
            name: p.name,
            unitPrice: toJson(unit),
            lineTotal: toJson(total),
            priceSource: 'product' as const,
            minOrderQuantity: p.minOrderQuantity,
            orderMultiple: p.orderMultiple,
            available: p.available,
            problems,
          };
        });
        const currency = totals[0]?.currency;
        return {
          companyId,
          lines,
          total: currency ? toJson(sum(totals, currency)) : null,
          orderable: lines.every((l) => l.problems.length === 0),
        };
      },
    );
  };
  await app.register(routes, { prefix: '/internal' });
  await app.listen({ port, host: '127.0.0.1' });
  return state;
}
