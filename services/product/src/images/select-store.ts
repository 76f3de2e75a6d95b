import { cloudinaryAccount, imageStoreKind, mediaDirOf, type ProductConfig } from '../config.ts';
import type { ImageStore } from './image-store.ts';
import { createLocalDiskImageStore } from './local-disk-store.ts';
import { createUnavailableImageStore } from './unavailable-store.ts';

/** The public path of the media routes through the gateway (the service serves them at /media). */
export const MEDIA_PUBLIC_PATH = '/api/v1/media';

/**
 * The one place the image adapter is chosen, by configuration. The cloudinary package is loaded
 * only when used: at import it parses CLOUDINARY_URL from the environment itself and throws on
 * anything but an account URL (the catalogue secret's placeholder), so main.ts removes the variable
 * from the environment once the config holds it, and the account is passed explicitly instead.
 */
export async function imageStoreFor(config: ProductConfig): Promise<ImageStore> {
  switch (imageStoreKind(config)) {
    case 'local':
      return createLocalDiskImageStore({ dir: mediaDirOf(config), publicBaseUrl: MEDIA_PUBLIC_PATH });
    case 'cloudinary': {
      // The config rules guarantee an account when IMAGE_STORE=cloudinary.
      const account = cloudinaryAccount(config.CLOUDINARY_URL);
      if (!account) return createUnavailableImageStore();
      const { createCloudinaryImageStore } = await import('./cloudinary-store.ts');
      return createCloudinaryImageStore({ account });
    }
    case 'unavailable':
      return createUnavailableImageStore();
  }
}
