/**
 * The gateway's token verifier, wired as the gateway's main wires it: the shared verifier over
 * the user service's JWKS (HTTP) and the shared revocation list polling the service's feed.
 */
import { createRevocationList, createTokenVerifier, type TokenVerifier } from '@b2b/shared/auth';
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
  const revocations = createRevocationList({
    url: `${userUrl}/internal/revocations`,
    intervalMs: opts.pollMs,
    headers: serviceCredentialHeaders(opts.serviceCredential),
  });
  await revocations.start();
  const verifier = createTokenVerifier({
    jwksUrl: `${userUrl}/auth/jwks`,
    isRevoked: (token) => revocations.isRevoked(token),
  });
  return {
    verify: (token) => verifier.verify(token),
    refresh: () => revocations.refresh(),
    stop: () => revocations.stop(),
  };
}
