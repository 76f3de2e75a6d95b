import { parseArgs } from 'node:util';
import { loadUserConfig } from '../config.ts';
import { keySetStoreFor } from '../tokens/key-ring-source.ts';
import { loadOrCreateKeySet } from '../tokens/key-set-store.ts';
import { rotateKeySet } from '../tokens/signing-keys.ts';

/**
 * Default delay before the new key signs: longer than the tasks' reload interval (60 s) plus the
 * verifiers' JWKS cache (max-age 300 s), so every verifier knows the key before it sees a token.
 */
const DEFAULT_ACTIVATE_AFTER_SECONDS = 600;

/** `rotate-keys [--activate-after 600]`: prepend a new signing key; the previous one stays published. */
export async function rotateKeysCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { 'activate-after': { type: 'string', default: String(DEFAULT_ACTIVATE_AFTER_SECONDS) } },
  });
  const activateAfter = Number(values['activate-after']);
  if (!Number.isInteger(activateAfter) || activateAfter < 0)
    throw new Error('--activate-after must be whole seconds');
  const store = keySetStoreFor(loadUserConfig());
  const now = new Date();
  const rotated = rotateKeySet(await loadOrCreateKeySet(store, now), now, activateAfter);
  await store.replace(rotated);
  const [next] = rotated.keys;
  process.stdout.write(
    `new signing key ${next!.kid} published now, signing from ${next!.activatesAt}; kept: ${rotated.keys
      .slice(1)
      .map((k) => k.kid)
      .join(', ')}\n`,
  );
}
