/**
 * A platform that is not ready in time is stopped before startPlatform rejects: no database,
 * bus proxy or runner outlives the caller (the soak and the faults tools exit on that error).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../src/platform.ts';

/** Test ports below Linux's ephemeral range (CONTRIBUTING.md, Tests), used by no other test. */
const ports = { lb: 23_790, db: 23_791, bus: 23_792, portOffset: 20_780 };

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('startPlatform when the platform is not ready in time', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'b2b-not-ready-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('rejects, and leaves nothing listening that it had started', async () => {
    const seenUp: Promise<boolean>[] = [];
    await expect(
      startPlatform({
        workDir,
        ports,
        readyTimeoutMs: 1,
        // Said once the database is up and the bus proxy about to listen: the positive control.
        say: (line) => {
          if (line.startsWith('database on')) seenUp.push(reachable(ports.db));
        },
      }),
    ).rejects.toThrow('the platform was not ready within 1 ms');
    expect(await Promise.all(seenUp)).toEqual([true]);
    expect(await reachable(ports.db)).toBe(false);
    expect(await reachable(ports.bus)).toBe(false);
    expect(await reachable(ports.lb)).toBe(false);
  }, 60_000);
});
