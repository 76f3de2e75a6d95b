import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import { pollUntil } from '@b2b/test-kit/poll';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A fake X-Ray daemon: a UDP socket on a free local port. The SDK sends each closed segment to it
 * as one datagram: `{"format":"json","version":1}\n{segment}`.
 */
const daemon = dgram.createSocket('udp4');
const segments: Record<string, unknown>[] = [];
daemon.on('message', (msg) => {
  const [, body] = msg.toString('utf8').split('\n');
  if (body) segments.push(JSON.parse(body));
});
await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
const tracing = await import('@b2b/shared/tracing');
// Imported only now: a static import is hoisted above the daemon address, and anything that loads
// the tracing module before it is set turns tracing off for the whole file.
const { productSnapshot } = await import('./events-support/payloads.ts');

afterAll(() => daemon.close());

function segmentWhere(match: (s: Record<string, unknown>) => boolean, timeoutMs = 3_000) {
  return pollUntil(() => segments.find(match), {
    timeoutMs,
    intervalMs: 10,
    message: 'a matching X-Ray segment',
  });
}

const incomingRoot = '1-5759e988-bd862e3fe1be46a994272793';

describe('tracing with a daemon', () => {
  it('sends one segment per request, named after the service, continuing the caller trace, with the status', async () => {
    expect(tracing.tracingEnabled()).toBe(true);
    // The counterpart of tracing-off.test.ts: the same probe sees the SDK once tracing is on.
    const cache = createRequire(import.meta.url).cache;
    expect(Object.keys(cache).some((path) => path.includes('aws-xray-sdk-core'))).toBe(true);
    const app = Fastify();
    tracing.registerTracing(app, 'order');
    let headerInHandler: string | undefined;
    app.post('/orders', async (_req, reply) => {
      headerInHandler = tracing.currentTraceHeader();
      return reply.code(201).send({ ok: true });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');

    const res = await fetch(`http://127.0.0.1:${address.port}/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-trace-id': `Root=${incomingRoot};Parent=53995c3f42cd8ad8;Sampled=1`,
      },
      body: JSON.stringify({ item: 'a' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-amzn-trace-id')).toBe(`Root=${incomingRoot};Sampled=1`);
    // The body was parsed after onRequest, and the handler still ran inside the segment.
    expect(headerInHandler).toMatch(new RegExp(`^Root=${incomingRoot};Parent=[0-9a-f]{16};Sampled=1$`));

    const segment = await segmentWhere((s) => s.trace_id === incomingRoot && s.name === 'order');
    expect(segment.parent_id).toBe('53995c3f42cd8ad8');
    expect(segment.http).toMatchObject({ request: { method: 'POST' }, response: { status: 201 } });
    expect(headerInHandler).toContain(`Parent=${segment.id}`);
    await app.close();
  });

  it('records node:http calls made while handling a request as subsegments', async () => {
    const http = (await import('node:http')).default;
    const upstream = Fastify();
    upstream.get('/rates', async () => ({ eur: '1.00' }));
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const address = upstream.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const app = Fastify();
    tracing.registerTracing(app, 'pricing');
    app.get('/quote', async () => {
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${address.port}/rates`, (res) => {
            let data = '';
            res.on('data', (chunk) => {
              data += chunk;
            });
            res.on('end', () => resolve(data));
          })
          .on('error', reject);
      });
      return JSON.parse(body);
    });
    const root = '1-5759e988-0000000000000000000000aa';
    const res = await app.inject({
      method: 'GET',
      url: '/quote',
      headers: { 'x-amzn-trace-id': `Root=${root};Sampled=1` },
    });
    expect(res.json()).toEqual({ eur: '1.00' });
    const segment = await segmentWhere((s) => s.trace_id === root);
    expect(segment.subsegments).toEqual([
      expect.objectContaining({
        name: '127.0.0.1',
        namespace: 'remote',
        http: expect.objectContaining({ response: expect.objectContaining({ status: 200 }) }),
      }),
    ]);
    await app.close();
    await upstream.close();
  });

  it('marks a 5xx answer as a fault', async () => {
    const app = Fastify();
    tracing.registerTracing(app, 'payment');
    app.get('/fail', async () => {
      throw new Error('kaput');
    });
    const root = '1-5759e988-00000000000000000000beef';
    const res = await app.inject({
      method: 'GET',
      url: '/fail',
      headers: { 'x-amzn-trace-id': `Root=${root};Sampled=1` },
    });
    expect(res.statusCode).toBe(500);
    const segment = await segmentWhere((s) => s.trace_id === root);
    expect(segment).toMatchObject({ name: 'payment', fault: true, http: { response: { status: 500 } } });
    await app.close();
  });

  it('runs an event handler inside the trace the message carried, and records outbound fetch as a subsegment', async () => {
    const upstream = Fastify();
    let forwarded: string | undefined;
    upstream.get('/stock', async (req) => {
      forwarded = req.headers['x-amzn-trace-id'] as string;
      return { available: 3 };
    });
    await upstream.listen({ port: 0, host: '127.0.0.1' });
    const address = upstream.server.address();
    if (!address || typeof address === 'string') throw new Error('no port');

    const root = '1-5759e988-0000000000000000000cafe0';
    const result = await tracing.runWithTraceHeader(
      `Root=${root};Parent=1111111111111111;Sampled=1`,
      'product:order.placed',
      async () => {
        const response = await tracing.tracedFetch(`http://127.0.0.1:${address.port}/stock`);
        return response.json();
      },
    );
    expect(result).toEqual({ available: 3 });
    const segment = await segmentWhere((s) => s.trace_id === root);
    expect(segment).toMatchObject({ name: 'product:order.placed', parent_id: '1111111111111111' });
    const subsegments = segment.subsegments as { id: string; namespace: string; http: unknown }[];
    expect(subsegments).toHaveLength(1);
    expect(subsegments[0]).toMatchObject({ namespace: 'remote', http: { response: { status: 200 } } });
    expect(forwarded).toBe(`Root=${root};Parent=${subsegments[0]?.id};Sampled=1`);
    await upstream.close();
  });

  it('carries the trace through an event: the publish attribute, and the consumer continues it', async () => {
    const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');
    const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { createEvent, createSnsSqsEventBus } = await import('@b2b/shared/events');
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    const sns = new SNSClient({ region: 'eu-west-1', credentials });
    const sqs = new SQSClient({ region: 'eu-west-1', credentials });
    const snsMock = mockClient(sns);
    const sqsMock = mockClient(sqs);
    snsMock.on(PublishCommand).resolves({});
    const bus = createSnsSqsEventBus({
      sns,
      sqs,
      topicArns: { product: 'arn:aws:sns:eu-west-1:123456789012:product-events' },
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/search',
    });
    const event = createEvent('product.created', productSnapshot(), { source: 'product' });
    const root = '1-5759e988-00000000000000000000e0e0';

    // Publisher side: inside a traced request, the current trace goes out as a message attribute.
    await tracing.runWithTraceHeader(`Root=${root};Parent=2222222222222222;Sampled=1`, 'product', () =>
      bus.publish(event),
    );
    const attribute =
      snsMock.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes?.['x-amzn-trace-id'];
    expect(attribute?.StringValue).toMatch(new RegExp(`^Root=${root};Parent=[0-9a-f]{16};Sampled=1$`));

    // Consumer side: the handler runs in a segment of that same trace.
    let delivered = false;
    sqsMock.on(ReceiveMessageCommand).callsFake(async () => {
      if (delivered) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return {};
      }
      delivered = true;
      return {
        Messages: [
          {
            ReceiptHandle: 'r-1',
            Body: JSON.stringify(event),
            MessageAttributes: {
              type: { DataType: 'String', StringValue: event.type },
              'x-amzn-trace-id': { DataType: 'String', StringValue: attribute?.StringValue },
            },
          },
        ],
      };
    });
    sqsMock.on(DeleteMessageCommand).resolves({});
    let traceInHandler: string | undefined;
    const consumer = bus.consume('search', {
      'product.created': async () => {
        traceInHandler = tracing.currentTraceHeader();
      },
    });
    await segmentWhere((s) => s.trace_id === root && s.name === 'search:product.created');
    await consumer.stop();
    await bus.close();
    expect(traceInHandler).toContain(`Root=${root}`);
  });

  it('wraps AWS SDK v3 clients with the X-Ray middleware', async () => {
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    const client = tracing.captureAwsClient(new SQSClient({ region: 'eu-west-1' }));
    const names = client.middlewareStack.identify().join(' ');
    expect(names).toContain('XRaySDKInstrumentation');
    client.destroy();
  });
});
