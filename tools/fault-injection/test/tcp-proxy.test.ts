import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../src/tcp-proxy.ts';

// Test ports below Linux's ephemeral range (CONTRIBUTING.md, Tests), used by no other test.
const echoPort = 23_590;
const proxyPort = 23_591;

let echo: net.Server;
let proxy: TcpProxy;

beforeAll(async () => {
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => echo.listen(echoPort, '127.0.0.1', resolve));
  proxy = await startTcpProxy({ port: proxyPort, target: { host: '127.0.0.1', port: echoPort } });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

/** Connects, sends a line and resolves with what came back, or with the connection's error code. */
function roundTrip(port: number): Promise<{ reply?: string; error?: string; socket?: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code }));
    socket.once('connect', () => socket.write('ping\n'));
    socket.once('data', (data) => resolve({ reply: data.toString(), socket }));
  });
}

describe('the bus proxy', () => {
  it('relays, refuses connections and drops open ones while cut, and relays again once restored', async () => {
    const before = await roundTrip(proxyPort);
    expect(before.reply).toBe('ping\n');
    const closed = new Promise<void>((resolve) => before.socket!.once('close', () => resolve()));

    await proxy.cut();
    await closed; // the open connection was dropped, as a network partition would
    expect((await roundTrip(proxyPort)).error).toBe('ECONNREFUSED');
    // The target itself is still up: only the route through the proxy is gone.
    const direct = await roundTrip(echoPort);
    expect(direct.reply).toBe('ping\n');
    direct.socket!.destroy();

    await proxy.restore();
    const after = await roundTrip(proxyPort);
    expect(after.reply).toBe('ping\n');
    after.socket!.destroy();
  });
});
