/**
 * A directory shaped like a Vite build of ours (index.html, hashed assets with their .br/.gz
 * siblings written by the compression step), so the serving tests need no real build.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export const fakeIndexHtml =
  '<!doctype html><html lang="en"><head><script type="module" src="/assets/index-B1x2y3z4.js"></script></head><body><div id="root"></div></body></html>';
export const fakeScript = `console.log(${JSON.stringify('x'.repeat(2000))});`;
export const fakeScriptName = 'index-B1x2y3z4.js';

export interface FakeBuild {
  readonly root: string;
  remove(): void;
}

export function writeFakeBuild(): FakeBuild {
  const root = mkdtempSync(path.join(tmpdir(), 'web-kit-build-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), fakeIndexHtml);
  writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const script = path.join(root, 'assets', fakeScriptName);
  writeFileSync(script, fakeScript);
  writeFileSync(`${script}.br`, brotliCompressSync(fakeScript));
  writeFileSync(`${script}.gz`, gzipSync(fakeScript));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
