import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileKeySetStore } from '../src/tokens/key-set-file-store.ts';
import {
  createSecretsManagerKeySetStore,
  INITIAL_KEY_SET_REQUEST_TOKEN,
} from '../src/tokens/key-set-secrets-manager-store.ts';
import { loadOrCreateKeySet } from '../src/tokens/key-set-store.ts';
import { createKeySet } from '../src/tokens/signing-keys.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-keys-AbCdEf';

describe('file key set store', () => {
  it('generates the key set once, owner-readable only, and reuses it on the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jwt-keys-'));
    const path = join(dir, 'nested', 'jwt-keys.json');
    const first = await loadOrCreateKeySet(createFileKeySetStore(path));
    const second = await loadOrCreateKeySet(createFileKeySetStore(path));
    expect(second.keys[0]!.kid).toBe(first.keys[0]!.kid);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps one key set when two processes start at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jwt-keys-'));
    const path = join(dir, 'jwt-keys.json');
    const [a, b] = await Promise.all([
      loadOrCreateKeySet(createFileKeySetStore(path)),
      loadOrCreateKeySet(createFileKeySetStore(path)),
    ]);
    expect(a.keys[0]!.kid).toBe(b.keys[0]!.kid);
  });

  it('stops on a corrupted key file rather than overwriting it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jwt-keys-'));
    const path = join(dir, 'jwt-keys.json');
    await writeFile(path, JSON.stringify({ version: 1, keys: [{ kid: 'broken' }] }));
    await expect(loadOrCreateKeySet(createFileKeySetStore(path))).rejects.toThrow(/malformed/);
    expect(JSON.parse(await readFile(path, 'utf8')).keys[0].kid).toBe('broken');
  });
});

describe('Secrets Manager key set store', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());

  it('reads an existing key set', async () => {
    const set = createKeySet(new Date());
    sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: JSON.stringify(set) });
    const loaded = await loadOrCreateKeySet(
      createSecretsManagerKeySetStore(new SecretsManagerClient({}), ARN),
    );
    expect(loaded.keys[0]!.kid).toBe(set.keys[0]!.kid);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('writes a new key set on first start when the secret has no value, with a fixed request token', async () => {
    let stored: string | undefined;
    sm.on(GetSecretValueCommand).callsFake(() => {
      if (!stored) throw new ResourceNotFoundException({ message: 'no AWSCURRENT', $metadata: {} });
      return { SecretString: stored };
    });
    sm.on(PutSecretValueCommand).callsFake((input) => {
      stored = input.SecretString;
      return {};
    });
    const loaded = await loadOrCreateKeySet(
      createSecretsManagerKeySetStore(new SecretsManagerClient({}), ARN),
    );
    const put = sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input;
    expect(put.ClientRequestToken).toBe(INITIAL_KEY_SET_REQUEST_TOKEN);
    expect(JSON.parse(put.SecretString!).keys[0].kid).toBe(loaded.keys[0]!.kid);
  });

  it('treats a non-JSON placeholder as empty and adopts the key set another task won with', async () => {
    const winner = createKeySet(new Date());
    let reads = 0;
    sm.on(GetSecretValueCommand).callsFake(() => {
      reads++;
      return { SecretString: reads === 1 ? 'placeholder-from-cdk' : JSON.stringify(winner) };
    });
    sm.on(PutSecretValueCommand).rejects(new ResourceExistsException({ message: 'exists', $metadata: {} }));
    const loaded = await loadOrCreateKeySet(
      createSecretsManagerKeySetStore(new SecretsManagerClient({}), ARN),
    );
    expect(loaded.keys[0]!.kid).toBe(winner.keys[0]!.kid);
  });

  it('propagates access errors instead of generating keys', async () => {
    sm.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    await expect(
      loadOrCreateKeySet(createSecretsManagerKeySetStore(new SecretsManagerClient({}), ARN)),
    ).rejects.toThrow(/AccessDenied/);
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});
