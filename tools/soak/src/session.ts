/**
 * A signed-in user for a run longer than an access token lives (15 min): the token is exchanged
 * (POST /auth/refresh, which also replaces the refresh token) once it is older than `renewAfterMs`,
 * well before it expires. One session per buyer, used by one worker at a time, so two refreshes
 * never race for the same refresh token.
 */
import { type Api, expectStatus } from '@b2b/fault-injection/api';

/** Access tokens live 15 minutes (services/user); renew at 10. */
const renewAfterMs = 10 * 60_000;

export class Session {
  private issuedAt: number;

  constructor(
    private readonly api: Api,
    private token: string,
    private refreshToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.issuedAt = now();
  }

  /** A token that is good for at least five more minutes. */
  async current(): Promise<string> {
    if (this.now() - this.issuedAt >= renewAfterMs) {
      const pair = expectStatus(
        await this.api('POST', '/auth/refresh', { body: { refreshToken: this.refreshToken } }),
        200,
        'refresh a session',
      );
      this.token = pair.accessToken;
      this.refreshToken = pair.refreshToken;
      this.issuedAt = this.now();
    }
    return this.token;
  }
}
