/**
 * Images in Cloudinary: signed uploads (the API secret signs each request; it never reaches a
 * browser), delivery URLs from its CDN with a size transformation for thumbnails, and deletion
 * with CDN invalidation. `uploadPrefix` is Cloudinary's API host setting; tests point it at a
 * local stand-in (plain HTTP, so the package is handed an HTTP agent for it).
 */
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { v2 as cloudinary, type UploadApiResponse } from 'cloudinary';
import type { CloudinaryAccount } from '../config.ts';
import type { ImageStore, ImageType } from './image-store.ts';

export interface CloudinaryStoreOptions {
  account: CloudinaryAccount;
  /** Default https://api.cloudinary.com. */
  uploadPrefix?: string;
  /** Folder of the product images in the Cloudinary media library. */
  folder?: string;
  /** Edge length of list thumbnails, pixels. */
  thumbnailSize?: number;
}

export function createCloudinaryImageStore(opts: CloudinaryStoreOptions): ImageStore {
  const folder = opts.folder ?? 'products';
  const thumbnail = opts.thumbnailSize ?? 300;
  const plainHttp = opts.uploadPrefix?.startsWith('http:') ?? false;
  const agent = plainHttp ? new Agent({ keepAlive: true }) : undefined;
  const credentials = {
    cloud_name: opts.account.cloudName,
    api_key: opts.account.apiKey,
    api_secret: opts.account.apiSecret,
    ...(opts.uploadPrefix ? { upload_prefix: opts.uploadPrefix } : {}),
    ...(agent ? { agent } : {}),
  };
  // The version in the path busts CDN caches; no SDK analytics parameter in stored URLs.
  const deliveryUrl = (uploaded: UploadApiResponse, format: string, transformation?: object[]) =>
    cloudinary.url(uploaded.public_id, {
      cloud_name: opts.account.cloudName,
      secure: true,
      format,
      version: uploaded.version,
      urlAnalytics: false,
      ...(transformation ? { transformation } : {}),
    });

  return {
    kind: 'cloudinary',
    async save(bytes: Buffer, type: ImageType) {
      const result = await new Promise<UploadApiResponse>((resolve, reject) => {
        const upload = cloudinary.uploader.upload_stream(
          {
            ...credentials,
            // Random names: nothing a caller chose, and no overwriting another product's image.
            public_id: randomBytes(16).toString('hex'),
            folder,
            resource_type: 'image',
            overwrite: false,
          },
          (err, res) => (err || !res ? reject(err ?? new Error('empty Cloudinary answer')) : resolve(res)),
        );
        upload.end(bytes);
      });
      const format = result.format || type;
      return {
        key: result.public_id,
        url: deliveryUrl(result, format),
        thumbnailUrl: deliveryUrl(result, format, [
          { width: thumbnail, height: thumbnail, crop: 'fill', gravity: 'auto' },
        ]),
      };
    },
    async delete(key: string) {
      await cloudinary.uploader.destroy(key, { ...credentials, resource_type: 'image', invalidate: true });
    },
  };
}
