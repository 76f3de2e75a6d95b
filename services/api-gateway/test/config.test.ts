import { services, serviceUrlEnv } from '@b2b/shared/catalogue';
import { ConfigError } from '@b2b/shared/config';
import { describe, expect, it } from 'vitest';
import { loadGatewaySettings, upstreamServices } from '../src/config.ts';

/** What the CDK gives the gateway in AWS: a Service Connect URL per live backend. */
const serviceConnectUrls = Object.fromEntries(
  upstreamServices().map((name) => [serviceUrlEnv(name), `http://${name}:${services[name].port}`]),
);

const credential = 'a-generated-service-credential-of-43-chars-x';

describe('gateway settings', () => {
  it('runs locally with catalogue defaults', () => {
    const settings = loadGatewaySettings({ NODE_ENV: 'development' });
    expect(settings).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      jwksUrl: 'http://127.0.0.1:3001/auth/jwks',
    });
    expect(settings.revocationFeedUrl).toBe('http://127.0.0.1:3001');
    expect(settings.gateway.upstreams).toEqual(
      Object.fromEntries(upstreamServices().map((name) => [name, `http://127.0.0.1:${services[name].port}`])),
    );
    expect(settings.gateway.corsOrigins).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
    expect(settings.gateway.rateLimit.credentialsPerMinute).toBe(10);
  });

  it('takes limits, timeouts and origins from the environment', () => {
    const settings = loadGatewaySettings({
      NODE_ENV: 'development',
      // An ALB DNS name is mixed case; browsers send the Origin header in lower case.
      CORS_ORIGINS: 'https://shop.example.com, http://B2b-Dev-Alb-1A2B.eu-west-1.elb.amazonaws.com',
      RATE_LIMIT_CREDENTIALS_PER_MINUTE: '5',
      UPSTREAM_TIMEOUT_MS: '2500',
    });
    expect(settings.gateway.corsOrigins).toEqual([
      'https://shop.example.com',
      'http://b2b-dev-alb-1a2b.eu-west-1.elb.amazonaws.com',
    ]);
    expect(settings.gateway.rateLimit.credentialsPerMinute).toBe(5);
    expect(settings.gateway.upstream.requestTimeoutMs).toBe(2500);
  });

  it('refuses to start in production without the upstream URLs, naming them', () => {
    const attempt = () =>
      loadGatewaySettings({
        NODE_ENV: 'production',
        SERVICE_NAME: 'api-gateway',
        PORT: '3000',
        HOST: '0.0.0.0',
        SERVICE_CREDENTIAL: credential,
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SERVICE_URL_USER/);
  });

  it('starts in production when everything is given, with no CORS origin by default', () => {
    const settings = loadGatewaySettings({
      NODE_ENV: 'production',
      SERVICE_NAME: 'api-gateway',
      PORT: '3000',
      HOST: '0.0.0.0',
      ...serviceConnectUrls,
      SERVICE_CREDENTIAL: credential,
    });
    expect(settings.gateway.corsOrigins).toEqual([]);
    expect(settings.jwksUrl).toBe('http://user:3001/auth/jwks');
    expect(settings.serviceCredential).toBe(credential);
    expect(settings.revocationHeaders).toEqual({ 'x-service-credential': credential });
  });

  it('refuses production without the service credential it presents to the revocation feed', () => {
    const attempt = () =>
      loadGatewaySettings({
        NODE_ENV: 'production',
        SERVICE_NAME: 'api-gateway',
        PORT: '3000',
        HOST: '0.0.0.0',
        SERVICE_URL_USER: 'http://user:3001',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SERVICE_CREDENTIAL: is required in production/);
  });

  it('refuses an origin that is not an origin', () => {
    expect(() =>
      loadGatewaySettings({ NODE_ENV: 'development', CORS_ORIGINS: 'https://ok.example.com,*' }),
    ).toThrow(/CORS_ORIGINS/);
  });
});
