/**
 * Process entry: settings → platform auth (verifier + revocation feed reader) → buildApp → runService.
 */
import { createPlatformAuth, startRevocationReader } from '@b2b/shared/auth';
import { exitOnConfigError } from '@b2b/shared/config';
import { registerFeedReadiness } from '@b2b/shared/feeds';
import { runService, type ServiceApp } from '@b2b/shared/http';
import { buildApp } from './app.ts';
import { type GatewaySettings, loadGatewaySettings } from './config.ts';
import { startupQuietLog } from './revocation-log.ts';

let settings: GatewaySettings;
try {
  settings = loadGatewaySettings();
} catch (err) {
  exitOnConfigError(err);
}

// The reader starts polling now; its log lines go to the app's logger once that exists.
let app: ServiceApp | undefined;
const revocations = startRevocationReader({
  url: settings.revocationFeedUrl,
  intervalMs: settings.revocationPollMs,
  headers: () => ({ ...settings.revocationHeaders }),
  log: startupQuietLog(
    () => app?.log,
    () => revocations.status().lastSuccessAt !== null,
  ),
});
// No maxStalenessMs: through a user service outage the gateway keeps its last copy (revocations
// from before the outage still apply; none can be made during it).
const auth = createPlatformAuth({ jwksUrl: settings.jwksUrl, revocations });

app = await buildApp({ config: settings.gateway, verifier: auth.verifier, logLevel: settings.logLevel });
registerFeedReadiness(app.readiness, revocations);
app.addHook('onClose', async () => revocations.stop());
// One poll before taking traffic (it gives up after its own timeout if the user service is down);
// until the reader has caught up, readiness fails and tokens are answered 503, not accepted.
await revocations.refresh();
await runService(app, { port: settings.port, host: settings.host });
