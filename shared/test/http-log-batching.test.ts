/**
 * The services' stdout log is written in batches (logger.ts): a line must still appear promptly on
 * a quiet service (the periodic flush), and a process that dies with lines still waiting must
 * write them on its way out. Each case runs a real child process and reads its stdout.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pollUntil } from '@b2b/test-kit/poll';
import { describe, expect, it } from 'vitest';

const loggerModule = fileURLToPath(new URL('../src/http/logger.ts', import.meta.url));

/** Runs `body` in a child with `log` bound to a service logger on stdout; collects its stdout. */
function runChild(body: string) {
  const script = `import { createServiceLogger } from ${JSON.stringify(loggerModule)};
const log = createServiceLogger({ name: 'batch-test', level: 'info' });
${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => out, exited, kill: () => child.kill('SIGKILL') };
}

describe('batched stdout log lines', () => {
  it('a single line on a quiet process appears without waiting for a batch to fill', async () => {
    // The child stays alive for 20 s: only the periodic flush can bring its one line out.
    const child = runChild(`log.info('ready'); setTimeout(() => {}, 20000);`);
    try {
      const line = await pollUntil(
        () =>
          child
            .output()
            .split('\n')
            .find((l) => l.includes('"msg":"ready"')),
        { timeoutMs: 10_000, intervalMs: 20 },
      );
      expect(JSON.parse(line!)).toMatchObject({ service: 'batch-test', msg: 'ready', level: 30 });
    } finally {
      child.kill();
    }
  });

  it('lines still waiting when the process exits on an error are written, in order', async () => {
    const child = runChild(`for (let i = 0; i < 3; i++) log.info({ i }, 'line');
log.fatal('crashing');
process.exit(1);`);
    expect(await child.exited).toBe(1);
    const lines = child
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; i?: number });
    expect(lines.map((l) => l.msg)).toEqual(['line', 'line', 'line', 'crashing']);
    expect(lines.slice(0, 3).map((l) => l.i)).toEqual([0, 1, 2]);
  });
});
