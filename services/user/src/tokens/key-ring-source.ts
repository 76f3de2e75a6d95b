import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { errorMessage } from '@b2b/shared/errors';
import { captureAwsClient } from '@b2b/shared/tracing';
import { createFileKeySetStore } from './key-set-file-store.ts';
import { createSecretsManagerKeySetStore } from './key-set-secrets-manager-store.ts';
import { type KeySetStore, loadOrCreateKeySet } from './key-set-store.ts';
import { parseKeySet, SigningKeyRing } from './signing-keys.ts';

/** The one place that picks where keys live: Secrets Manager in AWS, `${DATA_DIR}/jwt-keys.json` locally. */
export function keySetStoreFor(config: {
  JWT_KEYS_SECRET_ARN?: string;
  DATA_DIR?: string;
  AWS_REGION?: string;
}): KeySetStore {
  if (config.JWT_KEYS_SECRET_ARN) {
    const client = captureAwsClient(new SecretsManagerClient({ region: config.AWS_REGION }));
    return createSecretsManagerKeySetStore(client, config.JWT_KEYS_SECRET_ARN);
  }
  if (!config.DATA_DIR) throw new Error('DATA_DIR or JWT_KEYS_SECRET_ARN must be set');
  return createFileKeySetStore(join(config.DATA_DIR, 'jwt-keys.json'));
}

export interface ReloadingKeyRing {
  current: () => SigningKeyRing;
  stop(): void;
}

/**
 * Loads (or creates) the key set, then re-reads it every `reloadSeconds` so a rotation done by the
 * rotate-keys command reaches every running task. A failed reload keeps the keys already loaded.
 */
export async function startReloadingKeyRing(
  store: KeySetStore,
  reloadSeconds: number,
  log: { warn(fields: object, message: string): void; info(fields: object, message: string): void },
): Promise<ReloadingKeyRing> {
  let ring = new SigningKeyRing(await loadOrCreateKeySet(store));
  log.info({ keys: ring.keySet.keys.map((k) => k.kid), store: store.description }, 'JWT signing keys loaded');
  const timer = setInterval(async () => {
    try {
      const next = parseKeySet(await store.read());
      if (next.keys[0]?.kid !== ring.keySet.keys[0]?.kid) {
        ring = new SigningKeyRing(next);
        log.info({ keys: next.keys.map((k) => k.kid) }, 'JWT signing keys reloaded');
      }
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'JWT key reload failed; keeping current keys');
    }
  }, reloadSeconds * 1000);
  timer.unref();
  return { current: () => ring, stop: () => clearInterval(timer) };
}
