import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentTypes, type ImageStore, type ImageType } from './image-store.ts';

/** Names this store gives files: random hex plus the type's extension, nothing a caller chose. */
const FILE_NAME = /^[0-9a-f]{32}\.(jpeg|png|webp)$/;

export interface LocalDiskImageStore extends ImageStore {
  /** The file and its content type, or undefined for a name this store never gave out. */
  read(name: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
}

/**
 * Images under `<DATA_DIR>/media`, served by the service at `/media/<name>` (so, through the
 * gateway, at `/api/v1/media/<name>`).
 */
export function createLocalDiskImageStore(opts: { dir: string; publicBaseUrl: string }): LocalDiskImageStore {
  return {
    kind: 'local',
    async save(bytes: Buffer, type: ImageType) {
      await mkdir(opts.dir, { recursive: true });
      const name = `${randomBytes(16).toString('hex')}.${type}`;
      await writeFile(path.join(opts.dir, name), bytes, { flag: 'wx' });
      const url = `${opts.publicBaseUrl}/${name}`;
      return { key: name, url, thumbnailUrl: url };
    },
    async delete(key: string) {
      if (FILE_NAME.test(key)) await rm(path.join(opts.dir, key), { force: true });
    },
    async read(name: string) {
      const match = FILE_NAME.exec(name);
      if (!match) return undefined;
      try {
        const bytes = await readFile(path.join(opts.dir, name));
        return { bytes, contentType: contentTypes[match[1] as ImageType] };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
  };
}
