import { withoutHopByHop } from '@b2b/shared/http';
import { describe, expect, it } from 'vitest';
import { upstreamRequestHeaders } from '../src/forwarded-headers.ts';

describe('forwarded headers', () => {
  it('drops hop-by-hop headers and the ones Connection names', () => {
    const out = withoutHopByHop({
      connection: 'keep-alive, x-internal-hop',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      te: 'trailers',
      upgrade: 'websocket',
      'proxy-authorization': 'Basic abc',
      'x-internal-hop': 'secret',
      'content-type': 'application/json',
      authorization: 'Bearer t',
    });
    expect(out).toEqual({ 'content-type': 'application/json', authorization: 'Bearer t' });
  });

  it('adds the request id, appends the peer to X-Forwarded-For and carries the trace header', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'user:3001',
        'x-forwarded-for': '203.0.113.7',
        'x-request-id': 'client-id',
        'x-amzn-trace-id': 'Root=1-a-b',
      },
      { requestId: 'gw-id', peerAddress: '10.0.1.5', protocol: 'http', traceHeader: undefined },
    );
    expect(out).toMatchObject({
      host: 'user:3001',
      'x-request-id': 'gw-id',
      'x-forwarded-for': '203.0.113.7, 10.0.1.5',
      'x-forwarded-proto': 'http',
      'x-amzn-trace-id': 'Root=1-a-b',
    });
  });

  it("prefers the gateway's own trace segment when tracing is on", () => {
    const out = upstreamRequestHeaders(
      { 'x-amzn-trace-id': 'Root=client' },
      {
        requestId: 'r',
        peerAddress: '127.0.0.1',
        protocol: 'https',
        traceHeader: 'Root=1-x;Parent=y;Sampled=1',
      },
    );
    expect(out['x-amzn-trace-id']).toBe('Root=1-x;Parent=y;Sampled=1');
    expect(out['x-forwarded-for']).toBe('127.0.0.1');
    expect(out['x-forwarded-proto']).toBe('https');
  });
});
