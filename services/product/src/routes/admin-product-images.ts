import { requireRole } from '@b2b/shared/auth';
import { Problem } from '@b2b/shared/http';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../domain/context.ts';
import { productErrors } from '../domain/errors.ts';
import { addProductImage, MAX_IMAGE_BYTES, removeProductImage } from '../domain/images.ts';
import { Id, problemResponses } from '../schemas/common.ts';
import { ProductImage } from '../schemas/products.ts';
import { imageView } from './views.ts';

const ImageParams = Type.Object({ id: Id, imageId: Id }, { additionalProperties: false });
const ProductParams = Type.Object({ id: Id }, { additionalProperties: false });
/** multipart/form-data: `file` (jpeg, png or webp, ≤ 5 MB) and optional `alt`; read as a stream. */
const ImageUpload = Type.Unsafe<unknown>({
  description: 'multipart/form-data with field file (jpeg/png/webp, at most 5 MB) and optional alt',
});
const MAX_ALT = 300;

/** /admin/products/:id/images: platform staff only. */
export const adminProductImageRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (
  app,
  { ctx },
) => {
  app.addHook('onRequest', requireRole('admin'));
  // Limits enforced while the upload streams in: one file, its size, and a short alt text.
  await app.register(multipart, {
    limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 1, fieldSize: MAX_ALT * 4, parts: 2 },
  });
  const security = [{ bearerAuth: [] }];

  app.post(
    '/:id/images',
    {
      bodyLimit: MAX_IMAGE_BYTES + 64 * 1024,
      schema: {
        tags: ['admin'],
        summary: 'Upload a product image (jpeg, png or webp by content, at most 5 MB)',
        security,
        consumes: ['multipart/form-data'],
        params: ProductParams,
        body: ImageUpload,
        response: { 201: ProductImage, 413: Problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw productErrors.imageMissing();
      let bytes: Buffer | undefined;
      let alt = '';
      for await (const part of request.parts()) {
        if (part.type === 'file' && part.fieldname === 'file') {
          bytes = await part.toBuffer();
          if (part.file.truncated) throw productErrors.imageTooLarge(MAX_IMAGE_BYTES);
        } else if (part.type === 'file') {
          await part.toBuffer();
        } else if (part.fieldname === 'alt') {
          alt = String(part.value).slice(0, MAX_ALT);
        }
      }
      if (!bytes) throw productErrors.imageMissing();
      const image = await addProductImage(ctx, request.params.id, { bytes, alt });
      return reply.code(201).send(imageView(image));
    },
  );

  app.delete(
    '/:id/images/:imageId',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove a product image (and delete it from the store)',
        security,
        params: ImageParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await removeProductImage(ctx, request.params.id, request.params.imageId);
      return reply.code(204).send(null);
    },
  );
};
