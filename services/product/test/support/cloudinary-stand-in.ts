/**
 * A local HTTP stand-in for Cloudinary's upload API (never the internet): it checks each request's
 * signature the way Cloudinary does (SHA-1 of the sorted parameters plus the API secret), stores
 * uploads in memory and answers like the real API.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import busboy from '@fastify/busboy';

export interface StandIn {
  url: string;
  uploads: Map<string, Buffer>;
  destroyed: string[];
  requests: { path: string; signatureValid: boolean; params: Record<string, string> }[];
  close(): Promise<void>;
}

function signatureOf(params: Record<string, string>, secret: string): string {
  const signed = Object.keys(params)
    .filter(
      (k) =>
        !['file', 'signature', 'api_key', 'resource_type', 'cloud_name', 'signature_algorithm'].includes(k),
    )
    .filter((k) => params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createHash('sha1')
    .update(signed + secret)
    .digest('hex');
}

export async function startCloudinaryStandIn(account: {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
}): Promise<StandIn> {
  const uploads = new Map<string, Buffer>();
  const destroyed: string[] = [];
  const requests: StandIn['requests'] = [];
  const server: Server = createServer((req, res) => {
    const params: Record<string, string> = {};
    let file: Buffer | undefined;
    const parser = busboy({ headers: req.headers as never });
    parser.on('field', (name: string, value: string) => {
      params[name] = value;
    });
    parser.on('file', (_name: string, stream: NodeJS.ReadableStream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        file = Buffer.concat(chunks);
      });
    });
    parser.on('finish', () => {
      const path = req.url ?? '';
      const signatureValid =
        params.api_key === account.apiKey && params.signature === signatureOf(params, account.apiSecret);
      requests.push({ path, signatureValid, params });
      res.setHeader('content-type', 'application/json');
      if (!signatureValid) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { message: 'Invalid Signature' } }));
        return;
      }
      const publicId = params.folder ? `${params.folder}/${params.public_id}` : params.public_id!;
      if (path === `/v1_1/${account.cloudName}/image/upload`) {
        uploads.set(publicId, file ?? Buffer.alloc(0));
        res.end(
          JSON.stringify({
            public_id: publicId,
            version: 1700000000,
            format: 'png',
            resource_type: 'image',
            bytes: file?.length ?? 0,
            secure_url: `https://res.cloudinary.com/${account.cloudName}/image/upload/v1700000000/${publicId}.png`,
          }),
        );
      } else if (path === `/v1_1/${account.cloudName}/image/destroy`) {
        destroyed.push(params.public_id!);
        uploads.delete(params.public_id!);
        res.end(JSON.stringify({ result: 'ok' }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { message: 'not found' } }));
      }
    });
    req.pipe(parser);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    uploads,
    destroyed,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
