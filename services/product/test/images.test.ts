import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPng } from '../src/demo/png.ts';
import { createCloudinaryImageStore } from '../src/images/cloudinary-store.ts';
import { type StandIn, startCloudinaryStandIn } from './support/cloudinary-stand-in.ts';
import { multipartBody } from './support/multipart.ts';
import { type ProductApp, startProductApp, startTestServer, type TestServer } from './support/product-app.ts';

const png = renderPng(32, [200, 30, 30], [255, 255, 255], 8);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const webp = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x20, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 2),
]);

let server: TestServer;
let p: ProductApp;
beforeAll(async () => {
  server = await startTestServer();
  p = await startProductApp(server);
});
afterAll(async () => {
  await p?.close();
  await server?.close();
});

function upload(
  productId: string,
  file: { bytes: Buffer; filename?: string; contentType?: string },
  alt?: string,
  token = p.adminToken,
) {
  const { payload, contentType } = multipartBody([
    ...(alt === undefined ? [] : [{ name: 'alt', value: alt }]),
    {
      name: 'file',
      filename: file.filename ?? 'photo.png',
      contentType: file.contentType ?? 'image/png',
      bytes: file.bytes,
    },
  ]);
  return p.call('POST', `/admin/products/${productId}/images`, {
    token,
    headers: { 'content-type': contentType },
    payload,
  });
}

describe('product images on the local disk', () => {
  it('stores a png, lists it on the product, serves it under /media, and deletes it', async () => {
    const product = await p.product();
    const res = await upload(product.id, { bytes: png }, 'Red swatch');
    expect(res.statusCode).toBe(201);
    const image = res.json();
    expect(Object.keys(image).sort()).toEqual(['alt', 'id', 'thumbnailUrl', 'url']);
    expect(image.alt).toBe('Red swatch');
    expect(image.url).toMatch(/^\/api\/v1\/media\/[0-9a-f]{32}\.png$/);

    const file = image.url.slice('/api/v1'.length);
    const served = await p.call('GET', file);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png)).toBe(true);

    const after = (await p.call('GET', `/products/${product.id}`)).json();
    expect(after.images).toEqual([image]);
    expect(after.version).toBe(2);
    const updated = (await p.outboxEvents('product.updated')).filter((e) => e.data.productId === product.id);
    expect(updated.at(-1)?.data.images).toEqual([{ id: image.id, url: image.url, alt: 'Red swatch' }]);

    const removed = await p.call('DELETE', `/admin/products/${product.id}/images/${image.id}`, {
      token: p.adminToken,
    });
    expect(removed.statusCode).toBe(204);
    expect((await p.call('GET', file)).statusCode).toBe(404);
    expect(existsSync(path.join(p.mediaDir, path.basename(file)))).toBe(false);
    expect((await p.call('GET', `/products/${product.id}`)).json()).toMatchObject({ images: [], version: 3 });
    expect(
      (await p.call('DELETE', `/admin/products/${product.id}/images/${image.id}`, { token: p.adminToken }))
        .statusCode,
    ).toBe(404);
  });

  it('accepts jpeg and webp by their content, whatever the file is called', async () => {
    const product = await p.product();
    const asJpeg = await upload(product.id, {
      bytes: jpeg,
      filename: 'x.bin',
      contentType: 'application/octet-stream',
    });
    expect(asJpeg.statusCode).toBe(201);
    expect(asJpeg.json().url).toMatch(/\.jpeg$/);
    const asWebp = await upload(product.id, { bytes: webp, filename: 'x.txt', contentType: 'text/plain' });
    expect(asWebp.statusCode).toBe(201);
    expect(asWebp.json().url).toMatch(/\.webp$/);
  });

  it('refuses a file that is not an image, even named and typed as one (400)', async () => {
    const product = await p.product();
    const res = await upload(product.id, {
      bytes: Buffer.from('<svg onload="alert(1)"></svg>'),
      filename: 'evil.png',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOT_AN_IMAGE', errors: [{ path: '/file' }] });
    expect((await p.call('GET', `/products/${product.id}`)).json().images).toEqual([]);
  });

  it('refuses more than 5 MB (413), accepts just under', async () => {
    const product = await p.product();
    const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 + 1 - png.length)]);
    const tooBig = await upload(product.id, { bytes: big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/application\/problem\+json/);
    const justUnder = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 - png.length - 1)]);
    expect((await upload(product.id, { bytes: justUnder })).statusCode).toBe(201);
  });

  it('needs a file field, an existing product and an admin', async () => {
    const product = await p.product();
    const { payload, contentType } = multipartBody([{ name: 'alt', value: 'no file' }]);
    const noFile = await p.call('POST', `/admin/products/${product.id}/images`, {
      token: p.adminToken,
      headers: { 'content-type': contentType },
      payload,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().code).toBe('IMAGE_REQUIRED');
    expect((await upload('no-such-product', { bytes: png })).statusCode).toBe(404);
    expect((await upload(product.id, { bytes: png }, undefined, await p.tokens.member('c'))).statusCode).toBe(
      403,
    );
    const json = await p.call('POST', `/admin/products/${product.id}/images`, {
      token: p.adminToken,
      body: { file: 'x' },
    });
    expect(json.statusCode).toBe(400);
  });
});

describe('the Cloudinary adapter (against a local stand-in)', () => {
  const account = { cloudName: 'demo-cloud', apiKey: '123456789012345', apiSecret: 'stand-in-secret' };
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await startCloudinaryStandIn(account);
  });
  afterAll(async () => {
    await standIn?.close();
  });

  it('uploads signed, returns delivery and thumbnail URLs, and deletes', async () => {
    const store = createCloudinaryImageStore({ account, uploadPrefix: standIn.url });
    const stored = await store.save(png, 'png');
    expect(standIn.requests[0]).toMatchObject({
      path: '/v1_1/demo-cloud/image/upload',
      signatureValid: true,
    });
    expect(stored.key).toMatch(/^products\/[0-9a-f]{32}$/);
    expect(standIn.uploads.get(stored.key)?.equals(png)).toBe(true);
    expect(stored.url).toBe(
      `https://res.cloudinary.com/demo-cloud/image/upload/v1700000000/${stored.key}.png`,
    );
    expect(stored.thumbnailUrl).toBe(
      `https://res.cloudinary.com/demo-cloud/image/upload/c_fill,g_auto,h_300,w_300/v1700000000/${stored.key}.png`,
    );
    await store.delete(stored.key);
    expect(standIn.destroyed).toEqual([stored.key]);
    expect(standIn.requests[1]).toMatchObject({
      path: '/v1_1/demo-cloud/image/destroy',
      signatureValid: true,
    });
  });

  it('a wrong secret is refused by the stand-in (the signature is really checked)', async () => {
    const store = createCloudinaryImageStore({
      account: { ...account, apiSecret: 'wrong' },
      uploadPrefix: standIn.url,
    });
    await expect(store.save(png, 'png')).rejects.toBeTruthy();
    expect(standIn.requests.at(-1)?.signatureValid).toBe(false);
  });

  it('serves uploads through the product service with the Cloudinary store', async () => {
    const app = await startProductApp(server, {
      images: createCloudinaryImageStore({ account, uploadPrefix: standIn.url }),
    });
    try {
      const product = await app.product();
      const { payload, contentType } = multipartBody([
        { name: 'file', filename: 'a.png', contentType: 'image/png', bytes: png },
      ]);
      const res = await app.call('POST', `/admin/products/${product.id}/images`, {
        token: app.adminToken,
        headers: { 'content-type': contentType },
        payload,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().url).toMatch(
        /^https:\/\/res\.cloudinary\.com\/demo-cloud\/image\/upload\/v1700000000\/products\//,
      );
      const id = res.json().id;
      expect(
        (await app.call('DELETE', `/admin/products/${product.id}/images/${id}`, { token: app.adminToken }))
          .statusCode,
      ).toBe(204);
      expect(standIn.uploads.size).toBe(0);
    } finally {
      await app.close();
    }
  });
});
