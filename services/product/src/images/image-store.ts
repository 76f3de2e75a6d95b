/**
 * The image port: where product images live. Cloudinary in AWS, the local disk on a laptop
 * (chosen by configuration in main.ts). The service checks content and size before calling it.
 */
export type ImageType = 'jpeg' | 'png' | 'webp';

export interface StoredImage {
  /** The store's own reference, kept to delete the image later; never shown to callers. */
  key: string;
  url: string;
  /** A small rendition for lists (the same file where the store cannot resize). */
  thumbnailUrl: string;
}

export interface ImageStore {
  readonly kind: 'local' | 'cloudinary' | 'unavailable';
  save(bytes: Buffer, type: ImageType): Promise<StoredImage>;
  delete(key: string): Promise<void>;
}

/** jpeg, png and webp by their first bytes: the file name and the declared type are not trusted. */
export function detectImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  ) {
    return 'png';
  }
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return 'webp';
  }
  return undefined;
}

export const contentTypes: Record<ImageType, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};
