import { AppError, errors } from '@b2b/shared/errors';

/** The product service's domain errors, created once with a stable code (problem+json via the central handler). */
export const productErrors = {
  productNotFound: () => errors.notFound('Product', 'PRODUCT_NOT_FOUND'),
  skuTaken: (sku: string) => errors.conflict(`A product with sku ${sku} already exists`, 'SKU_TAKEN'),
  slugTaken: (slug: string) => errors.conflict(`The slug ${slug} is already used`, 'SLUG_TAKEN'),
  currencyMismatch: (path: string, currency: string) =>
    errors.badRequest(`Prices of this item are in ${currency}`, 'CURRENCY_MISMATCH', [
      { path, message: `must be in ${currency}` },
    ]),
  duplicateTier: (path: string) =>
    errors.badRequest('Two tiers have the same minimum quantity', 'DUPLICATE_TIER', [
      { path, message: 'minQuantity must be unique' },
    ]),
  unknownCategory: (path: string) =>
    errors.badRequest('Unknown category', 'UNKNOWN_CATEGORY', [{ path, message: 'no such category' }]),
  categoryNotFound: () => errors.notFound('Category', 'CATEGORY_NOT_FOUND'),
  categorySlugTaken: (slug: string) =>
    errors.conflict(`A category with slug ${slug} already exists`, 'CATEGORY_SLUG_TAKEN'),
  categoryCycle: () =>
    errors.badRequest('A category cannot move under itself or its own descendants', 'CATEGORY_CYCLE', [
      { path: '/parentId', message: 'would create a cycle' },
    ]),
  categoryTooDeep: (max: number) =>
    errors.badRequest(`Categories nest at most ${max} levels deep`, 'CATEGORY_TOO_DEEP', [
      { path: '/parentId', message: `the tree may be at most ${max} levels deep` },
    ]),
  categoryInUse: (what: 'products' | 'children') =>
    errors.conflict(`The category still has ${what}`, 'CATEGORY_IN_USE'),
  priceListNotFound: () => errors.notFound('Price list', 'PRICE_LIST_NOT_FOUND'),
  priceListInUse: () => errors.conflict('The price list is still assigned to companies', 'PRICE_LIST_IN_USE'),
  duplicateEntry: (sku: string) =>
    errors.badRequest(`The price list has two entries for ${sku}`, 'DUPLICATE_ENTRY', [
      { path: '/entries', message: `duplicate sku ${sku}` },
    ]),
  inventoryNotFound: () => errors.notFound('Inventory', 'INVENTORY_NOT_FOUND'),
  onHandBelowReserved: (reserved: number) =>
    errors.conflict(`onHand cannot be below the ${reserved} units reserved`, 'ON_HAND_BELOW_RESERVED'),
  imageNotFound: () => errors.notFound('Image', 'IMAGE_NOT_FOUND'),
  notAnImage: () =>
    errors.badRequest('The file is not a JPEG, PNG or WebP image', 'NOT_AN_IMAGE', [
      { path: '/file', message: 'must be a jpeg, png or webp image' },
    ]),
  tooManyImages: (max: number) => errors.conflict(`A product has at most ${max} images`, 'IMAGE_LIMIT'),
  imageTooLarge: (max: number) =>
    new AppError({
      status: 413,
      code: 'IMAGE_TOO_LARGE',
      detail: `Images are at most ${max / 1024 / 1024} MB`,
    }),
  imageMissing: () =>
    errors.badRequest('A multipart field "file" is required', 'IMAGE_REQUIRED', [
      { path: '/file', message: 'is required' },
    ]),
  concurrentChange: () =>
    errors.conflict(
      'The product changed while this request was processed; read it again',
      'CONCURRENT_CHANGE',
    ),
  skuInUse: () => errors.conflict('The sku has reserved stock and cannot change now', 'SKU_IN_USE'),
  tooManyIds: (max: number) =>
    errors.badRequest(`At most ${max} ids or skus per request`, 'TOO_MANY_IDS', [
      { path: '/ids', message: `at most ${max} values` },
    ]),
  importJobNotFound: () => errors.notFound('Import job', 'IMPORT_JOB_NOT_FOUND'),
};
