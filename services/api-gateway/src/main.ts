/**
 * Process entry: settings → token verifier fed by the revocation list → buildApp → runService.
 */
import { createRevocationList, createTokenVerifier, type RevocationList } from '@b2b/shared/auth';
import { exitOnConfigError } from '@b2b/shared/config';
import { runService } from '@b2b/shared/http';
import { buildApp } from './app.ts';
import { type GatewaySettings, loadGatewaySettings } from './config.ts';
import { startupQuietLog } from './revocation-log.ts';

let settings: GatewaySettings;
try {
  settings = loadGatewaySettings();
} catch (err) {
  exitOnConfigError(err);
}

// Assigned below, once the app (and its logger) exists; tokens are only verified after listen.
let revocations: RevocationList | undefined;
const verifier = createTokenVerifier({
  jwksUrl: settings.jwksUrl,
  isRevoked: (token) => revocations?.isRevoked(token) ?? false,
});

const app = await buildApp({ config: settings.gateway, verifier, logLevel: settings.logLevel });
revocations = createRevocationList({
  url: settings.revocationsUrl,
  intervalMs: settings.revocationPollMs,
  headers: { ...settings.revocationHeaders },
  log: startupQuietLog(app.log, () => revocations?.status().lastSuccessAt != null),
});
// One poll before taking traffic (it gives up after its own timeout if the user service is down).
await revocations.start();
app.addHook('onClose', async () => revocations?.stop());
await runService(app, { port: settings.port, host: settings.host });
