/**
 * Builds one web app with Vite, in-process (the local runner and the bundler call it; so does
 * `npm run build -w <app>`):  tsx web/kit/src/build-app.ts services/customer-portal
 * Returns the output directory and what the build took.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type UserConfig } from 'vite';

export async function buildWebApp(workspaceDir: string): Promise<{ outDir: string; ms: number }> {
  const started = performance.now();
  // The app's own vite.config.ts (the dev server reads the same file), imported by whatever runs
  // us (tsx, vitest) rather than by Vite's config loader, which cannot load our .ts workspace imports.
  const configUrl = pathToFileURL(path.join(workspaceDir, 'app', 'vite.config.ts')).href;
  const config = ((await import(configUrl)) as { default: UserConfig }).default;
  // Always the production build. Run from vitest (NODE_ENV=test) or a dev shell, Vite and the React
  // plugin would bundle React's development build and React Aria's test-mode paths (which skip, e.g.,
  // the <style> its usePress adds) into a dist/ that npm start then serves, since the stamp hashes
  // sources only. NODE_ENV is read by them at build time, so it is set for the build and restored.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ ...config, mode: 'production', configFile: false, logLevel: 'warn' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  return { outDir: path.join(workspaceDir, 'dist'), ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = path.resolve(process.argv[2] ?? '.');
  const { outDir, ms } = await buildWebApp(dir);
  console.log(`built ${path.relative(process.cwd(), outDir) || outDir} in ${ms} ms`);
}
