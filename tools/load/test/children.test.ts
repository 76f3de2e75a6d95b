import { readFileSync } from 'node:fs';
import { pollUntil } from '@b2b/test-kit/poll';
import { describe, expect, it } from 'vitest';
import { spawnTracked, stopAllTracked, stopTracked } from '../src/children.ts';

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A child that starts a grandchild (as proxy-bench starts nginx) and prints the grandchild's pid. */
async function parentWithGrandchild(ignoreTerm = false) {
  const script = `
    const { spawn } = require('node:child_process');
    ${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''}
    const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log(grandchild.pid);
    setInterval(() => {}, 1000);
  `;
  const child = spawnTracked(process.execPath, ['-e', script], { cwd: process.cwd(), env: process.env });
  const grandchild = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  return { child, grandchild };
}

describe('the processes the run starts', () => {
  it('stop with everything they started (the whole group), not only the child', async () => {
    const { child, grandchild } = await parentWithGrandchild();
    expect(isAlive(child.pid!)).toBe(true);
    expect(isAlive(grandchild)).toBe(true);
    await stopTracked(child);
    expect(isAlive(child.pid!)).toBe(false);
    await pollUntil(() => !isAlive(grandchild), { timeoutMs: 5_000, message: 'grandchild gone' });
  });

  it('are killed after the grace time when they ignore SIGTERM', async () => {
    const { child, grandchild } = await parentWithGrandchild(true);
    await stopTracked(child, 300);
    expect(child.signalCode).toBe('SIGKILL');
    await pollUntil(() => !isAlive(grandchild), { timeoutMs: 5_000, message: 'grandchild gone' });
  });

  it('all stop at once on stopAllTracked (the Ctrl+C and error path)', async () => {
    const started = await Promise.all([parentWithGrandchild(), parentWithGrandchild()]);
    await stopAllTracked();
    for (const { child, grandchild } of started) {
      expect(isAlive(child.pid!)).toBe(false);
      await pollUntil(() => !isAlive(grandchild), { timeoutMs: 5_000, message: 'grandchild gone' });
    }
  });
});
