/**
 * `serviceCallersOnly`: the hook a service registers inside its `/internal` route folder.
 *
 *   export const internalRoutes = async (app, { ctx }) => {
 *     await app.register(serviceCallersOnly, { credential: ctx.serviceCredential });
 *     app.get('/users/:id', ...);
 *   };
 *
 * It runs on `onRequest`, before parsing and validation, so a caller without the credential learns
 * nothing about the routes (not even that its input was malformed).
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import { credentialMatches, SERVICE_CREDENTIAL_HEADER } from './credential.ts';

export interface ServiceCallersOnlyOptions {
  /** The platform credential; undefined (a service run by hand) refuses every caller. */
  credential: string | undefined;
}

export const SERVICE_CREDENTIAL_REQUIRED = 'SERVICE_CREDENTIAL_REQUIRED';

function refused(): AppError {
  return new AppError({
    status: 401,
    code: SERVICE_CREDENTIAL_REQUIRED,
    detail: `Internal routes are for platform services: present the service credential in ${SERVICE_CREDENTIAL_HEADER}`,
  });
}

const guard: FastifyPluginAsync<ServiceCallersOnlyOptions> = async (app, { credential }) => {
  app.addHook('onRequest', async (request) => {
    const presented = request.headers[SERVICE_CREDENTIAL_HEADER];
    const value = Array.isArray(presented) ? undefined : presented;
    if (credential === undefined || !credentialMatches(credential, value)) throw refused();
  });
};

/**
 * Wrapped with fastify-plugin so the hook lands in the route folder that registers it (and in no
 * other folder: that folder itself stays encapsulated).
 */
export const serviceCallersOnly = fp(guard, { name: 'service-callers-only', fastify: '5.x' });
