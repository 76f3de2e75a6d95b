import { cloudinaryAccount, imageStoreKind, mediaDirOf, type ProductConfig } from '../config.ts';
import { createCloudinaryImageStore } from './cloudinary-store.ts';
import type { ImageStore } from './image-store.ts';
import { createLocalDiskImageStore } from './local-disk-store.ts';
import { createUnavailableImageStore } from './unavailable-store.ts';

/** The public path of the media routes through the gateway (the service serves them at /media). */
export const MEDIA_PUBLIC_PATH = '/api/v1/media';

/** The one place the image adapter is chosen, by configuration. */
export function imageStoreFor(config: ProductConfig): ImageStore {
  switch (imageStoreKind(config)) {
    case 'local':
      return createLocalDiskImageStore({ dir: mediaDirOf(config), publicBaseUrl: MEDIA_PUBLIC_PATH });
    case 'cloudinary': {
      // The config rules guarantee an account when IMAGE_STORE=cloudinary.
      const account = cloudinaryAccount(config.CLOUDINARY_URL);
      return account ? createCloudinaryImageStore({ account }) : createUnavailableImageStore();
    }
    case 'unavailable':
      return createUnavailableImageStore();
  }
}
