import { existsSync } from 'node:fs';
import path from 'node:path';
import { coreSettings, loadConfigOrExit } from '@b2b/shared/config';
import { Type } from 'typebox';

export const WebSettingsSchema = Type.Object({
  ...coreSettings,
  /** Where the built app is; by default next to the bundle (`public/`) or the workspace's `dist/`. */
  STATIC_ROOT: Type.Optional(Type.String({ minLength: 1 })),
  /** What `/config.json` tells the page to call: the load balancer's API prefix on the same origin. */
  API_BASE_URL: Type.String({ minLength: 1, pattern: '^(/|https://)', default: '/api/v1' }),
});

export interface WebSettings {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly root: string;
  readonly runtimeConfig: { apiBaseUrl: string; environment: string };
}

/**
 * The container image puts the build in `public/` next to `main.mjs` (tools/bundle); from source
 * (`npm start`, tsx) the entry is `services/<name>/src/main.ts` and the build is `../dist`.
 */
export function builtAppDirectory(entryDir: string): string {
  const bundled = path.join(entryDir, 'public');
  return existsSync(bundled) ? bundled : path.resolve(entryDir, '..', 'dist');
}

export function loadWebSettings(
  name: string,
  entryDir: string,
  env: NodeJS.ProcessEnv = process.env,
): WebSettings {
  const config = loadConfigOrExit(WebSettingsSchema, { env: { SERVICE_NAME: name, ...env } });
  return {
    name,
    host: config.HOST,
    port: config.PORT,
    logLevel: config.LOG_LEVEL,
    root: config.STATIC_ROOT ?? builtAppDirectory(entryDir),
    runtimeConfig: { apiBaseUrl: config.API_BASE_URL, environment: config.NODE_ENV },
  };
}
