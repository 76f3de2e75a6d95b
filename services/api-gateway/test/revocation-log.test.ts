/**
 * The revocation poller's logging at the gateway: failures before the feed has ever answered are
 * start-up noise (debug); failures after it worked, or a feed that never answers, are warnings.
 */
import { startRevocationReader } from '@b2b/shared/auth';
import type { FeedSource } from '@b2b/shared/feeds';
import { afterEach, describe, expect, it } from 'vitest';
import { startupQuietLog } from '../src/revocation-log.ts';

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_obj: object, msg: string) => lines.push({ level, msg });
  return { lines, log: { warn: at('warn'), info: at('info'), debug: at('debug') } };
}

function feed() {
  let up = false;
  const source: FeedSource = async () => {
    if (!up) throw new TypeError('fetch failed');
    return { items: [], watermark: 'AA', hasMore: false };
  };
  return { source, setUp: (value: boolean) => (up = value) };
}

const readers: { stop(): void }[] = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.stop();
});

describe('revocation feed logging', () => {
  it('is quiet while the user service is starting, and warns once the feed fails after working', async () => {
    const { lines, log } = recordingLog();
    const source = feed();
    const list = startRevocationReader({
      source: source.source,
      intervalMs: 60_000,
      log: startupQuietLog(log, () => list.status().lastSuccessAt !== null),
    });
    readers.push(list);
    expect(await list.refresh()).toBe(false);
    expect(await list.refresh()).toBe(false);
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);
    expect(lines.some((l) => l.level === 'debug' && l.msg.includes('feed poll failed'))).toBe(true);

    source.setUp(true);
    expect(await list.refresh()).toBe(true);
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);

    source.setUp(false);
    expect(await list.refresh()).toBe(false);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'feed poll failed; keeping the local copy',
    ]);
    source.setUp(true);
    await list.refresh();
    expect(lines.at(-1)).toEqual({ level: 'info', msg: 'feed reachable again' });
  });

  it('warns when the feed has never answered after the quiet polls', async () => {
    const { lines, log } = recordingLog();
    const list = startRevocationReader({
      source: feed().source,
      intervalMs: 60_000,
      log: startupQuietLog(log, () => list.status().lastSuccessAt !== null, 30),
    });
    readers.push(list);
    for (let i = 0; i < 30; i++) await list.refresh();
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('feed poll failed');
  });
});
