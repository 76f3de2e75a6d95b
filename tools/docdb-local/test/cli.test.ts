import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/docdb-local.mjs');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('docdb-local CLI arguments', () => {
  it('refuses bad values with exit code 2 before listening', async () => {
    const cases = [
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--ttl-interval-ms', 'soon'],
      ['--ttl-interval-ms', '0'],
      ['--no-such-flag'],
    ];
    const results = await Promise.all(cases.map(run));
    results.forEach(({ code, stdout, stderr }, i) => {
      const args = (cases[i] as string[]).join(' ');
      expect(code, args).toBe(2);
      expect(stdout, args).toBe('');
      expect(stderr, args).toMatch(/invalid|unknown/i);
    });
  });

  it('exits 1 with a message when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const { code, stdout, stderr } = await run(['--port', String(port)]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/EADDRINUSE/);
    } finally {
      taken.close();
    }
  });
});
