import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { KeySetStore } from './key-set-store.ts';

/**
 * Same token for every task's first write: Secrets Manager accepts the first PutSecretValue and
 * refuses a different value under the same token, so tasks starting together keep one key set.
 */
export const INITIAL_KEY_SET_REQUEST_TOKEN = 'b2b-user-jwt-keys-initial-version-0001';

/** AWS: the secret `JWT_KEYS_SECRET_ARN` holds the key set as JSON (AWSCURRENT version). */
export function createSecretsManagerKeySetStore(
  client: SecretsManagerClient,
  secretArn: string,
): KeySetStore {
  return {
    description: secretArn,
    async read() {
      try {
        const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
        if (!out.SecretString) return undefined;
        try {
          return JSON.parse(out.SecretString);
        } catch {
          // A placeholder written at creation (not JSON) means "no key set yet".
          return undefined;
        }
      } catch (err) {
        // The secret exists but has no value yet.
        if (err instanceof ResourceNotFoundException) return undefined;
        throw err;
      }
    },
    async createIfAbsent(set) {
      try {
        await client.send(
          new PutSecretValueCommand({
            SecretId: secretArn,
            SecretString: JSON.stringify(set),
            ClientRequestToken: INITIAL_KEY_SET_REQUEST_TOKEN,
          }),
        );
      } catch (err) {
        if (!(err instanceof ResourceExistsException)) throw err;
      }
    },
    async replace(set) {
      await client.send(
        new PutSecretValueCommand({ SecretId: secretArn, SecretString: JSON.stringify(set) }),
      );
    },
  };
}
