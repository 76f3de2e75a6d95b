import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { CatalogContext } from '../domain/context.ts';
import { productErrors } from '../domain/errors.ts';
import type { LocalDiskImageStore } from '../images/local-disk-store.ts';
import { NoQuery, problemResponses } from '../schemas/common.ts';

const MediaParams = Type.Object(
  { file: Type.String({ pattern: '^[0-9a-f]{32}\\.(jpeg|png|webp)$' }) },
  { additionalProperties: false },
);

/**
 * /media/<file>: images of the local disk store (through the gateway: /api/v1/media/<file>).
 * Names are random and immutable, so browsers may cache them for a year. With Cloudinary, images
 * are served by its CDN and this folder answers 404.
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: CatalogContext }> = async (app, { ctx }) => {
  const store = ctx.images.kind === 'local' ? (ctx.images as LocalDiskImageStore) : undefined;
  app.get(
    '/:file',
    {
      schema: {
        tags: ['catalog'],
        summary: 'A product image stored on the local disk',
        params: MediaParams,
        querystring: NoQuery,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const image = await store?.read(request.params.file);
      if (!image) throw productErrors.imageNotFound();
      return reply
        .header('content-type', image.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'")
        .send(image.bytes);
    },
  );
};
