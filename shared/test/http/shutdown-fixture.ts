// Process entry for http-shutdown.test.ts: a service with a slow route, run with runService.
// Prints `listening <port>` when ready and `slow started` when the slow request is in flight.
import { createService, runService } from '@b2b/shared/http';
import { Type } from 'typebox';

const port = Number(process.env['PORT'] ?? 0);
const slowMs = Number(process.env['SLOW_MS'] ?? 500);
const shutdownTimeoutMs = Number(process.env['SHUTDOWN_TIMEOUT_MS'] ?? 10_000);

const app = createService({ name: 'fixture' });
app.get('/slow', { schema: { response: { 200: Type.Object({ done: Type.Boolean() }) } } }, async () => {
  process.stdout.write('slow started\n');
  await new Promise((resolve) => setTimeout(resolve, slowMs));
  return { done: true };
});
app.addHook('onClose', async () => {
  process.stdout.write('onClose ran\n');
});

await runService(app, { port, host: '127.0.0.1', shutdownTimeoutMs });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
