import type { Readable } from 'node:stream';
import { requireRole } from '@b2b/shared/auth';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../domain/context.ts';
import { archiveProduct, createProduct, priced, updateProduct } from '../domain/products.ts';
import { viewerOf } from '../domain/viewer.ts';
import { importProducts } from '../imports/import-products.ts';
import { csvRows, jsonRows } from '../imports/sources.ts';
import { IdParams, problemResponses } from '../schemas/common.ts';
import { ImportBody, ImportReport } from '../schemas/imports.ts';
import { Product, ProductCreate, ProductPatch } from '../schemas/products.ts';
import { productView } from './views.ts';

/** Largest import body; the gateway's own edge limit applies in front of it. */
export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

/** /admin/products: platform staff only, checked once for the folder. */
export const adminProductRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireRole('admin'));
  const security = [{ bearerAuth: [] }];
  // CSV imports are parsed as they stream in (imports/sources.ts), never buffered here.
  app.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));

  app.post(
    '/import',
    {
      // 10,000 rows of JSON are a few MB; CSV streams through without being held.
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['admin'],
        summary: 'Import products (JSON array or text/csv); existing skus are updated, bad rows reported',
        security,
        body: ImportBody,
        response: { 200: ImportReport, ...problemResponses },
      },
    },
    async (request) => {
      const isCsv = (request.headers['content-type'] ?? '').startsWith('text/csv');
      const rows = isCsv ? csvRows(request.body as Readable) : jsonRows(request.body);
      return importProducts(ctx, rows);
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a product (draft unless status is active)',
        security,
        body: ProductCreate,
        response: { 201: Product, ...problemResponses },
      },
    },
    async (request, reply) => {
      const product = await createProduct(ctx, request.body);
      const [view] = await priced(ctx, viewerOf(request.auth), [product]);
      return reply.code(201).send(productView(view!));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a product (every change bumps its version)',
        security,
        params: IdParams,
        body: ProductPatch,
        response: { 200: Product, ...problemResponses },
      },
    },
    async (request) => {
      const product = await updateProduct(ctx, request.params.id, request.body);
      const [view] = await priced(ctx, viewerOf(request.auth), [product]);
      return productView(view!);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Archive a product (invisible to buyers; kept for order history)',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await archiveProduct(ctx, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
