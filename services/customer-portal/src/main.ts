/** Process entry: settings → the static app service → runService. */
import { runService } from '@b2b/shared/http';
import { loadWebSettings } from '@b2b/web-kit/server';
import { buildApp } from './app.ts';

const settings = loadWebSettings('customer-portal', import.meta.dirname);
const app = await buildApp({
  root: settings.root,
  environment: settings.runtimeConfig.environment,
  apiBaseUrl: settings.runtimeConfig.apiBaseUrl,
  logLevel: settings.logLevel,
});
await runService(app, { port: settings.port, host: settings.host });
