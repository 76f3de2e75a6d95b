import { errors } from '@b2b/shared/errors';
import type { ImageStore } from './image-store.ts';

/** No image store is configured (see config.ts imageStoreKind): uploads answer 503, the catalog works. */
export function createUnavailableImageStore(): ImageStore {
  const unavailable = () =>
    errors.unavailable('Image storage is not configured for this deployment', 60, 'IMAGE_STORE_UNAVAILABLE');
  return {
    kind: 'unavailable',
    save: async () => {
      throw unavailable();
    },
    delete: async () => {
      throw unavailable();
    },
  };
}
