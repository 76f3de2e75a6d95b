/**
 * The same run's ceiling: services/search/bench/bare-fastify.ts (a bare Fastify answering a
 * search page's JSON, no gateway, no database) as its own process, driven by the same driver at
 * the same concurrency as the step it stands next to.
 */
import path from 'node:path';
import { spawnTracked, stopTracked } from './children.ts';
import { createLoadClient, runClosedLoop } from './driver.ts';
import { type RouteSummary, summarise } from './stats.ts';

export interface Ceiling {
  measure(concurrency: number, durationMs: number, signal?: AbortSignal): Promise<RouteSummary>;
  stop(): Promise<void>;
}

/** The ceiling on the first of `ports` it can listen on (a port of the ephemeral range may be held). */
export async function startCeiling(repoRoot: string, ports: readonly number[]): Promise<Ceiling> {
  const failures: string[] = [];
  for (const port of ports) {
    try {
      return await startCeilingOn(repoRoot, port);
    } catch (err) {
      failures.push(`port ${port}: ${(err as Error).message}`);
    }
  }
  throw new Error(`the bare-Fastify ceiling did not start: ${failures.join('; ')}`);
}

async function startCeilingOn(repoRoot: string, port: number): Promise<Ceiling> {
  const child = spawnTracked(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'services/search/bench/bare-fastify.ts')],
    { cwd: repoRoot, env: { ...process.env, PORT: String(port), NODE_ENV: 'production' } },
  );
  const listening = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(Number(line));
    });
    child.once('exit', (code) => reject(new Error(`bare-fastify exited with ${code}`)));
    setTimeout(() => reject(new Error('bare-fastify did not start within 60 s')), 60_000).unref();
  }).catch(async (err: unknown) => {
    await stopTracked(child);
    throw err;
  });
  const origin = `http://127.0.0.1:${listening}`;
  return {
    async measure(concurrency, durationMs, signal) {
      const client = createLoadClient(origin, concurrency);
      try {
        const { elapsedMs } = await runClosedLoop({
          concurrency,
          durationMs,
          signal,
          iteration: async () => {
            await client.send('ceiling', { method: 'GET', path: '/' });
          },
        });
        return summarise('bare Fastify', client.take(), elapsedMs);
      } finally {
        await client.close();
      }
    },
    stop: () => stopTracked(child),
  };
}
