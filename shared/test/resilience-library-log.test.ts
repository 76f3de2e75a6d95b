/**
 * The library's own logger (breakers, relays, buses) redacts like the services' loggers. Checked on
 * the real exported `libraryLogger`, in a child process whose stdout is the log.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const sharedRoot = path.resolve(import.meta.dirname, '..');
const logModule = pathToFileURL(path.join(sharedRoot, 'src/resilience/log.ts')).href;

async function logLines(script: string): Promise<Record<string, unknown>[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: sharedRoot,
    env: { ...process.env, LOG_LEVEL: 'info' },
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('libraryLogger', () => {
  it('censors password and authorization fields at any depth, and credentials in messages', async () => {
    const [line] = await logLines(`
      import { libraryLogger } from '${logModule}';
      libraryLogger.child({ breaker: 'product' }).warn(
        { password: 'hunter2-secret', request: { headers: { authorization: 'Bearer abc.def.ghi', accept: 'json' } }, orderId: 'o-1' },
        'call failed for mongodb://app:pw-in-uri@db:27017/x',
      );
    `);
    expect(line).toMatchObject({
      level: 40,
      breaker: 'product',
      password: '[Redacted]',
      request: { headers: { authorization: '[Redacted]', accept: 'json' } },
      // Positive control: ordinary fields pass unchanged.
      orderId: 'o-1',
      msg: 'call failed for mongodb://app:[Redacted]@db:27017/x',
    });
    const text = JSON.stringify(line);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('pw-in-uri');
  });

  it('censors credentials inside a logged error', async () => {
    const [line] = await logLines(`
      import { libraryLogger } from '${logModule}';
      const err = Object.assign(new Error('upstream refused'), { config: { headers: { authorization: 'Basic dXNlcjpwYXNzd29yZA==' } } });
      libraryLogger.error({ err }, 'relay failed');
    `);
    expect(line).toMatchObject({
      msg: 'relay failed',
      err: { message: 'upstream refused', config: { headers: { authorization: '[Redacted]' } } },
    });
    expect(JSON.stringify(line)).not.toContain('dXNlcjpwYXNzd29yZA==');
  });
});
