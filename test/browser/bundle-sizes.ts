/**
 * The two web apps' bundle sizes (not a test; prints the figures): every JS and CSS chunk of each
 * production build (services/<app>/dist, what `npm start` and the image serve), raw and gzip
 * (level 9, as the build's precompressed `.gz` siblings are), the first load (what index.html
 * references: the entry chunk, its CSS and the preloads) and the total.
 *
 *   node --import tsx test/browser/bundle-sizes.ts      # builds a stale app first
 *
 * Also imported by time-to-interactive.ts, which prints them next to its timings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { buildStaleWebApps } from '@b2b/local-runner/web-apps';

export const webApps = ['customer-portal', 'admin-dashboard'] as const;
const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface ChunkSize {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  /** Referenced by index.html: loaded on every first visit, before any screen. */
  readonly initial: boolean;
}

export function chunkSizes(app: (typeof webApps)[number]): ChunkSize[] {
  const dist = path.join(repoRoot, 'services', app, 'dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const assets = path.join(dist, 'assets');
  return readdirSync(assets)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const bytes = readFileSync(path.join(assets, file));
      const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
      return { file, raw: bytes.length, gzip, initial: html.includes(`assets/${file}`) };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The table of one app, as printed. */
export function formatSizes(app: string, chunks: readonly ChunkSize[]): string {
  const sum = (list: readonly ChunkSize[], key: 'raw' | 'gzip') => list.reduce((n, c) => n + c[key], 0);
  const first = chunks.filter((c) => c.initial);
  const lines = chunks.map(
    (c) =>
      `  ${c.file.padEnd(36)} ${kb(c.raw).padStart(10)} ${kb(c.gzip).padStart(10)}${c.initial ? '  first load' : ''}`,
  );
  return [
    `${app} (${chunks.length} chunks)            raw       gzip`,
    ...lines,
    `  ${'first load'.padEnd(36)} ${kb(sum(first, 'raw')).padStart(10)} ${kb(sum(first, 'gzip')).padStart(10)}`,
    `  ${'total'.padEnd(36)} ${kb(sum(chunks, 'raw')).padStart(10)} ${kb(sum(chunks, 'gzip')).padStart(10)}`,
  ].join('\n');
}

export async function printBundleSizes(): Promise<void> {
  await buildStaleWebApps(repoRoot, [...webApps], (line) => console.log(line));
  for (const app of webApps) console.log(formatSizes(app, chunkSizes(app)));
}

if (import.meta.filename === process.argv[1]) await printBundleSizes();
