/**
 * The ceiling: a bare Fastify answering a JSON body of a search page's size, no gateway, no
 * engine, no database. Run as its own process by search-bench.ts; prints its port.
 */
import Fastify from 'fastify';

const page = JSON.stringify({
  items: Array.from({ length: 20 }, (_, i) => ({
    id: `prod-${i}`,
    sku: `SKU-${i}`,
    name: `Hex screw M8 ${i}`,
  })),
  total: 20,
});
const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.header('content-type', 'application/json').send(page));
await app.listen({ port: Number(process.env['PORT'] ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address ? address.port : ''}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
