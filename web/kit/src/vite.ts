/**
 * The Vite configuration of both apps: React, a base path, hashed assets under `assets/`, and
 * `.br` / `.gz` siblings written after the build (the service sends them, see server/static-app.ts),
 * plus the stamp the local runner compares to decide whether a rebuild is needed (build-stamp.ts).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { BUILD_STAMP_FILE, sourceHash } from './server/build-stamp.ts';

// Source maps are fetched by developer tools only: not worth the (slow) brotli pass.
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/** Precompress text files larger than 1 KiB (smaller ones gain nothing). */
function precompress(outDir: string): Plugin {
  return {
    name: 'b2b-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(file) || statSync(file).size < 1024) continue;
        const content = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

function buildStamp(workspaceDir: string, outDir: string): Plugin {
  return {
    name: 'b2b-build-stamp',
    apply: 'build',
    closeBundle() {
      writeFileSync(path.join(outDir, BUILD_STAMP_FILE), `${sourceHash(workspaceDir)}\n`);
    },
  };
}

export interface AppViteOptions {
  /** services/<name>: the app source is in app/, the build goes to dist/. */
  readonly workspaceDir: string;
  readonly base: '/' | '/admin/';
  /** Dev server port (hot reload); its origin is allowed for browser sessions locally. */
  readonly devPort: number;
}

export function appViteConfig(options: AppViteOptions): UserConfig {
  const outDir = path.join(options.workspaceDir, 'dist');
  return {
    root: path.join(options.workspaceDir, 'app'),
    base: options.base,
    plugins: [react(), precompress(outDir), buildStamp(options.workspaceDir, outDir)],
    build: { outDir, emptyOutDir: true, assetsDir: 'assets', sourcemap: true, chunkSizeWarningLimit: 1024 },
    server: {
      port: options.devPort,
      strictPort: true,
      // The running platform (npm start): the app calls same-origin /api, as behind the ALB.
      proxy: { '/api': { target: process.env.B2B_API_PROXY ?? 'http://localhost:8080' } },
    },
  };
}
