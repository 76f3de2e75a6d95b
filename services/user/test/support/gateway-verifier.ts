/**
 * The gateway's token verifier, wired as the gateway's main wires it: `createPlatformAuth` over
 * the user service's JWKS (HTTP) and a revocation feed reader polling the service's feed.
 */
import { createPlatformAuth, startRevocationReader, type TokenVerifier } from '@b2b/shared/auth';
import { serviceCredentialHeaders } from '@b2b/shared/internal';

export interface GatewayVerifier extends TokenVerifier {
  /** One poll of the revocation feed now (tests use it instead of waiting for the interval). */
  refresh(): Promise<boolean>;
  stop(): void;
}

export async function createGatewayVerifier(
  userUrl: string,
  opts: { pollMs: number; serviceCredential: string },
): Promise<GatewayVerifier> {
  const revocations = startRevocationReader({
    url: userUrl,
    intervalMs: opts.pollMs,
    headers: () => serviceCredentialHeaders(opts.serviceCredential),
  });
  await revocations.refresh();
  const { verifier } = createPlatformAuth({ jwksUrl: `${userUrl}/auth/jwks`, revocations });
  return {
    verify: (token) => verifier.verify(token),
    refresh: () => revocations.refresh(),
    stop: () => revocations.stop(),
  };
}
