/**
 * A minimal Secrets Manager endpoint (JSON 1.1 protocol: GetSecretValue, PutSecretValue) so the
 * bundled user service can run its real first-start path — read the empty secret, generate the
 * key set, write it — with AWS_ENDPOINT_URL_SECRETS_MANAGER pointing here.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSecretsManager {
  readonly url: string;
  /** Current value per secret id, and every PutSecretValue seen. */
  readonly values: Map<string, string>;
  readonly writes: { secretId: string; value: string }[];
  close(): Promise<void>;
}

export async function startFakeSecretsManager(initial: Record<string, string>): Promise<FakeSecretsManager> {
  const values = new Map(Object.entries(initial));
  const writes: { secretId: string; value: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      let input: { SecretId?: string; SecretString?: string };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { __type: 'InvalidRequestException', message: 'bad JSON' });
      }
      const secretId = input.SecretId ?? '';
      if (!values.has(secretId)) {
        return reply(400, { __type: 'ResourceNotFoundException', message: `no secret ${secretId}` });
      }
      const version = { ARN: secretId, Name: secretId.split(':').pop(), VersionStages: ['AWSCURRENT'] };
      if (target === 'secretsmanager.GetSecretValue') {
        return reply(200, { ...version, SecretString: values.get(secretId), VersionId: `v${writes.length}` });
      }
      if (target === 'secretsmanager.PutSecretValue' && typeof input.SecretString === 'string') {
        values.set(secretId, input.SecretString);
        writes.push({ secretId, value: input.SecretString });
        return reply(200, { ...version, VersionId: `v${writes.length}` });
      }
      return reply(400, { __type: 'InvalidRequestException', message: `unsupported ${target}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    values,
    writes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
