import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  baseSettings,
  type ConfigRule,
  loadConfig,
  loadConfigOrExit,
  requireDatabase,
  requireEventBus,
  Secret,
} from '@b2b/shared/config';
import { requireServiceCredential, serviceCredentialSettings } from '@b2b/shared/internal';
import { Type } from 'typebox';

export const ProductSettings = Type.Object({
  ...baseSettings,
  ...serviceCredentialSettings,
  /**
   * Where images go: Cloudinary (AWS) or the local disk under DATA_DIR/media. Unset: cloudinary
   * when its account is configured, else local outside production (see imageStoreKind).
   */
  IMAGE_STORE: Type.Optional(Type.Union([Type.Literal('local'), Type.Literal('cloudinary')])),
  /** Local only: `media/` for images lives here. */
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * The Cloudinary account as its API environment variable, `cloudinary://<key>:<secret>@<cloud>`
   * (in AWS an ECS secret from the catalogue's `CloudinaryUrl` secret, which holds a placeholder
   * until an operator stores the account's value: see cloudinaryAccount).
   */
  CLOUDINARY_URL: Type.Optional(Secret()),
  /** Cloudinary's API host; tests point it at a local stand-in. */
  CLOUDINARY_UPLOAD_PREFIX: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  /** How long a reservation of an order that was never confirmed holds stock. */
  RESERVATION_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 7 * 24 * 3600, default: 1800 }),
  /** How often the revocation list of the user service is polled. */
  REVOCATION_POLL_MS: Type.Integer({ minimum: 250, maximum: 60_000, default: 2000 }),
  /**
   * How long buyers' catalog answers are reused (routes/catalog-answers.ts); 0 turns it off. At
   * most 3 s, so a price-list assignment arriving by event still shows within api.md's 5 s.
   */
  CATALOG_ANSWER_TTL_MS: Type.Integer({ minimum: 0, maximum: 3000, default: 2000 }),
});

/** Production never keeps images on a container's disk; Cloudinary needs its whole account. */
const requireImageStore: ConfigRule = (values, { production }) => {
  const problems: { variable: string; message: string }[] = [];
  if (production && values['IMAGE_STORE'] === 'local') {
    problems.push({
      variable: 'IMAGE_STORE',
      message: 'cannot be local in production (containers lose their disk)',
    });
  }
  if (values['IMAGE_STORE'] === 'cloudinary') {
    for (const variable of ['CLOUDINARY_CLOUD_NAME', 'CLOUDINARY_API_KEY', 'CLOUDINARY_API_SECRET']) {
      if (values[variable] === undefined)
        problems.push({ variable, message: 'is required with IMAGE_STORE=cloudinary' });
    }
  }
  return problems;
};

/** `.data` at the repository root, for development runs started outside the local runner. */
const repoDataDir = fileURLToPath(new URL('../../../.data', import.meta.url));

function options(env: NodeJS.ProcessEnv) {
  return {
    env: { SERVICE_NAME: 'product', ...env },
    localDefaults: { DATA_DIR: repoDataDir },
    rules: [
      requireDatabase,
      requireEventBus({ consumer: true }),
      requireImageStore,
      requireServiceCredential,
    ],
  };
}

export function parseProductConfig(env: NodeJS.ProcessEnv) {
  return loadConfig(ProductSettings, options(env));
}

/** For process entries: on a bad configuration, print the problems and exit 1. */
export function loadProductConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(ProductSettings, options(env));
}

export type ProductConfig = ReturnType<typeof loadProductConfig>;

export function mediaDirOf(config: Pick<ProductConfig, 'DATA_DIR'>): string {
  return path.join(config.DATA_DIR ?? repoDataDir, 'media');
}

export interface CloudinaryAccount {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
}

/** `cloudinary://key:secret@cloud` → the account; anything else (the catalogue's placeholder) → undefined. */
export function cloudinaryAccount(url: string | undefined): CloudinaryAccount | undefined {
  const match = url ? /^cloudinary:\/\/([^:@/\s]+):([^@/\s]+)@([A-Za-z0-9_-]+)$/.exec(url) : null;
  if (!match) return undefined;
  return { apiKey: match[1]!, apiSecret: match[2]!, cloudName: match[3]! };
}

/**
 * The image adapter to use: explicit IMAGE_STORE, else Cloudinary when CLOUDINARY_URL holds an
 * account, else the local disk outside production. In AWS the secret holds a placeholder until an
 * operator stores the account (docs/deploy.md): the placeholder is never sent to Cloudinary — the
 * service serves the catalog, image uploads answer 503 and an error is logged at start.
 */
export function imageStoreKind(config: ProductConfig): 'local' | 'cloudinary' | 'unavailable' {
  if (config.IMAGE_STORE) return config.IMAGE_STORE;
  if (cloudinaryAccount(config.CLOUDINARY_URL)) return 'cloudinary';
  return config.NODE_ENV === 'production' ? 'unavailable' : 'local';
}
