/**
 * The revocation poller's logging at the gateway: failures before the feed has ever answered are
 * start-up noise (debug); failures after it worked, or a feed that never answers, are warnings.
 */
import { createRevocationList } from '@b2b/shared/auth';
import { describe, expect, it } from 'vitest';
import { startupQuietLog } from '../src/revocation-log.ts';

function recordingLog() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_obj: object, msg: string) => lines.push({ level, msg });
  return { lines, log: { warn: at('warn'), info: at('info'), debug: at('debug') } };
}

function feed() {
  let up = false;
  const fetch = (async () => {
    if (!up) throw new TypeError('fetch failed');
    return new Response(JSON.stringify({ items: [], cursor: '0' }), { status: 200 });
  }) as typeof globalThis.fetch;
  return { fetch, setUp: (value: boolean) => (up = value) };
}

describe('revocation feed logging', () => {
  it('is quiet while the user service is starting, and warns once the feed fails after working', async () => {
    const { lines, log } = recordingLog();
    const source = feed();
    const list = createRevocationList({
      url: 'http://user.test/internal/revocations',
      fetch: source.fetch,
      log: startupQuietLog(log, () => list.status().lastSuccessAt !== null),
    });
    expect(await list.refresh()).toBe(false);
    expect(await list.refresh()).toBe(false);
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);
    expect(lines.some((l) => l.level === 'debug' && l.msg.includes('revocation feed poll failed'))).toBe(
      true,
    );

    source.setUp(true);
    expect(await list.refresh()).toBe(true);
    expect(lines.filter((l) => l.level !== 'debug')).toEqual([]);

    source.setUp(false);
    expect(await list.refresh()).toBe(false);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'revocation feed poll failed; keeping the current list',
    ]);
    source.setUp(true);
    await list.refresh();
    expect(lines.at(-1)).toEqual({ level: 'info', msg: 'revocation feed reachable again' });
  });

  it('warns when the feed has never answered after the quiet polls', async () => {
    const { lines, log } = recordingLog();
    const list = createRevocationList({
      url: 'http://user.test/internal/revocations',
      fetch: feed().fetch,
      log: startupQuietLog(log, () => list.status().lastSuccessAt !== null, 30),
    });
    for (let i = 0; i < 30; i++) await list.refresh();
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('revocation feed poll failed');
  });
});
