/**
 * The product service alone on the embedded database, driven with inject(). Tests get the
 * context (to call use cases directly, e.g. for concurrency), tokens, and the outbox.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedServer } from '@b2b/docdb-local';
import { createMongo, type Mongo } from '@b2b/shared/db';
import type { ServiceApp } from '@b2b/shared/http';
import { SERVICE_CREDENTIAL_HEADER } from '@b2b/shared/internal';
import type { LightMyRequestResponse } from 'fastify';
import type { Static } from 'typebox';
import { buildApp } from '../../src/app.ts';
import { applyCompanySnapshot } from '../../src/domain/company-projection.ts';
import type { CatalogContext } from '../../src/domain/context.ts';
import { createOutboxTransaction } from '../../src/events/outbox-transaction.ts';
import type { ImageStore } from '../../src/images/image-store.ts';
import { createLocalDiskImageStore } from '../../src/images/local-disk-store.ts';
import type { Product } from '../../src/schemas/products.ts';
import { createTestTokens, type TestTokens } from './tokens.ts';

export interface TestServer {
  uri: string;
  close(): Promise<void>;
}

export function startTestServer(): Promise<TestServer> {
  return startEmbeddedServer();
}

export interface ProductApp {
  app: ServiceApp;
  mongo: Mongo;
  ctx: CatalogContext;
  tokens: TestTokens;
  adminToken: string;
  mediaDir: string;
  /** Moves the service's clock. */
  advance(ms: number): void;
  call(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: string | Buffer },
  ): Promise<LightMyRequestResponse>;
  /** Events staged in the outbox, oldest first. */
  outboxEvents(type: string): Promise<{ type: string; data: Record<string, unknown> }[]>;
  /** Creates an active product (admin route) and returns its body. */
  product(overrides?: Record<string, unknown>): Promise<Static<typeof Product>>;
  setStock(sku: string, onHand: number, lowStockThreshold?: number): Promise<void>;
  /** What a `company.updated` snapshot would do to the projection. */
  assignPriceList(companyId: string, priceListId: string | null, version: number): Promise<void>;
  close(): Promise<void>;
}

/** What the test's platform services present on /internal/* calls. */
export const TEST_SERVICE_CREDENTIAL = 'product-test-service-credential-0123456789abcdef';

let counter = 0;
export function uniqueSku(prefix = 'SKU'): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}`.toUpperCase();
}

export async function startProductApp(
  server: TestServer,
  options: { images?: ImageStore; reservationTtlMs?: number; catalogAnswerTtlMs?: number } = {},
): Promise<ProductApp> {
  const mongo = createMongo({
    uri: server.uri,
    dbName: `product_${randomUUID().slice(0, 8)}`,
    appName: 'product-test',
  });
  const tokens = await createTestTokens();
  const mediaDir = await mkdtemp(path.join(tmpdir(), 'product-media-'));
  let offsetMs = 0;
  const app = await buildApp({
    db: mongo.db,
    transaction: createOutboxTransaction(mongo.client, mongo.db),
    verifier: tokens.verifier,
    images: options.images ?? createLocalDiskImageStore({ dir: mediaDir, publicBaseUrl: '/api/v1/media' }),
    now: () => new Date(Date.now() + offsetMs),
    reservationTtlMs: options.reservationTtlMs,
    catalogAnswerTtlMs: options.catalogAnswerTtlMs,
    expiryIntervalMs: 0,
    serviceCredential: TEST_SERVICE_CREDENTIAL,
  });
  await app.ready();
  const adminToken = await tokens.admin();

  const call: ProductApp['call'] = (method, url, opts = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(url.startsWith('/internal/') ? { [SERVICE_CREDENTIAL_HEADER]: TEST_SERVICE_CREDENTIAL } : {}),
        ...opts.headers,
      },
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
      ...(opts.payload === undefined ? {} : { payload: opts.payload }),
    });

  const ctx = app.catalog;
  return {
    app,
    mongo,
    ctx,
    tokens,
    adminToken,
    mediaDir,
    advance: (ms) => {
      offsetMs += ms;
    },
    call,
    async outboxEvents(type) {
      const records = await mongo.db.collection('outbox').find({ type }).sort({ _id: 1 }).toArray();
      return records.map((r) => ({ type: r.type, data: r.event.data }));
    },
    async product(overrides = {}) {
      const body = {
        sku: uniqueSku(),
        name: `Hex bolt ${counter}`,
        listPrice: { amount: '10.00', currency: 'EUR' },
        status: 'active',
        ...overrides,
      };
      const res = await call('POST', '/admin/products', { token: adminToken, body });
      if (res.statusCode !== 201) throw new Error(`create product failed: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async setStock(sku, onHand, lowStockThreshold) {
      const res = await call('PUT', `/admin/inventory/${sku}`, {
        token: adminToken,
        body: { onHand, ...(lowStockThreshold === undefined ? {} : { lowStockThreshold }) },
      });
      if (res.statusCode !== 200) throw new Error(`set stock failed: ${res.statusCode} ${res.body}`);
    },
    async assignPriceList(companyId, priceListId, version) {
      await applyCompanySnapshot(ctx, { companyId, priceListId, status: 'active', currency: 'EUR', version });
    },
    async close() {
      await app.close();
      await mongo.close();
      await rm(mediaDir, { recursive: true, force: true });
    },
  };
}
