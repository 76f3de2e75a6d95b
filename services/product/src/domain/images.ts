/** Product images: checked by content, stored through the image port, listed on the product. */
import { randomUUID } from 'node:crypto';
import { detectImageType } from '../images/image-store.ts';
import type { CatalogContext } from './context.ts';
import { productErrors } from './errors.ts';
import type { ProductDoc, ProductImage } from './model.ts';
import { getProductForAdmin, saveProductChange } from './products.ts';

/** The service's own limit (the gateway allows a little more for the multipart envelope). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES_PER_PRODUCT = 20;

export async function addProductImage(
  ctx: CatalogContext,
  productId: string,
  file: { bytes: Buffer; alt: string },
): Promise<ProductImage> {
  const type = detectImageType(file.bytes);
  if (!type) throw productErrors.notAnImage();
  const before = await getProductForAdmin(ctx, productId);
  if (before.images.length >= MAX_IMAGES_PER_PRODUCT)
    throw productErrors.tooManyImages(MAX_IMAGES_PER_PRODUCT);
  const stored = await ctx.images.save(file.bytes, type);
  const image: ProductImage = { id: randomUUID(), ...stored, alt: file.alt };
  const after: ProductDoc = {
    ...before,
    images: [...before.images, image],
    version: before.version + 1,
    updatedAt: ctx.now(),
  };
  try {
    await saveProductChange(ctx, before, after);
  } catch (err) {
    // The product did not take it: the stored file would be an orphan.
    await ctx.images.delete(stored.key).catch(() => undefined);
    throw err;
  }
  ctx.log.info({ productId, imageId: image.id, store: ctx.images.kind }, 'product image added');
  return image;
}

export async function removeProductImage(
  ctx: CatalogContext,
  productId: string,
  imageId: string,
): Promise<void> {
  const before = await getProductForAdmin(ctx, productId);
  const image = before.images.find((i) => i.id === imageId);
  if (!image) throw productErrors.imageNotFound();
  await saveProductChange(ctx, before, {
    ...before,
    images: before.images.filter((i) => i.id !== imageId),
    version: before.version + 1,
    updatedAt: ctx.now(),
  });
  // After the product no longer shows it; a failure here leaves an unreferenced file, never a broken image.
  await ctx.images
    .delete(image.key)
    .catch((err) => ctx.log.warn({ productId, imageId, err: String(err) }, 'stored image not deleted'));
}
