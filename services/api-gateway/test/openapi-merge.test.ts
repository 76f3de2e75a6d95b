import { describe, expect, it } from 'vitest';
import { mergeOpenApi } from '../src/openapi-merge.ts';

describe('mergeOpenApi', () => {
  const user = {
    openapi: '3.0.3',
    paths: {
      '/auth/login': { post: { responses: {} } },
      '/users/me': { get: { tags: ['profile'], responses: {} }, parameters: [] },
      '/internal/revocations': { get: { responses: {} } },
      '/health': { get: { responses: {} } },
      '/openapi.json': { get: { responses: {} } },
    },
    components: { schemas: { Money: { type: 'object' }, User: { type: 'object' } } },
  };
  const product = {
    paths: { '/products': { get: { responses: {} } } },
    components: { schemas: { Money: { type: 'object' }, User: { type: 'string' } } },
  };

  it('prefixes public paths with /api/v1 and leaves internal and health routes out', () => {
    const merged = mergeOpenApi([{ service: 'user', document: user }], { title: 'API', version: '1' });
    expect(Object.keys(merged.paths ?? {})).toEqual(['/api/v1/auth/login', '/api/v1/users/me']);
    expect(merged.paths?.['/api/v1/auth/login']?.post).toMatchObject({ tags: ['user'] });
    expect(merged.paths?.['/api/v1/users/me']?.get).toMatchObject({ tags: ['profile'] });
  });

  it('merges components, reports conflicting names and notes missing services', () => {
    const merged = mergeOpenApi(
      [
        { service: 'user', document: user },
        { service: 'product', document: product },
        { service: 'order', unavailable: 'not reachable' },
      ],
      { title: 'API', version: '1' },
    );
    expect(Object.keys(merged.paths ?? {})).toContain('/api/v1/products');
    expect(merged.components?.schemas).toEqual({ Money: { type: 'object' }, User: { type: 'object' } });
    expect(merged.components?.securitySchemes).toHaveProperty('bearerAuth');
    expect(merged['x-merge-conflicts']).toEqual(['components.schemas.User (product)']);
    expect(merged['x-services']).toEqual({
      included: ['user', 'product'],
      unavailable: { order: 'not reachable' },
    });
    expect(String(merged.info?.description)).toContain('order');
  });
});
