import { authenticatedUser, requireAuth } from '@b2b/shared/auth';
import { mapPage } from '@b2b/shared/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { IdentityContext } from '../domain/context.ts';
import {
  addAddress,
  deleteAddress,
  getProfile,
  listAddresses,
  updateAddress,
  updateProfile,
} from '../domain/profiles.ts';
import { Page, Pagination, problemResponses } from '../schemas/common.ts';
import {
  Address,
  AddressCreate,
  AddressParams,
  AddressPatch,
  Profile,
  ProfilePatch,
} from '../schemas/users.ts';
import { addressView, profileView } from './views.ts';

/** /users/me and the caller's addresses: every query is keyed by the caller's own id. */
export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: IdentityContext }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireAuth);
  const security = [{ bearerAuth: [] }];

  app.get(
    '/me',
    {
      schema: {
        tags: ['users'],
        summary: 'My profile',
        security,
        response: { 200: Profile, ...problemResponses },
      },
    },
    async (request) => profileView(await getProfile(ctx, authenticatedUser(request).id)),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags: ['users'],
        summary: 'Change my name, phone or preferences (nothing else)',
        security,
        body: ProfilePatch,
        response: { 200: Profile, ...problemResponses },
      },
    },
    async (request) => profileView(await updateProfile(ctx, authenticatedUser(request).id, request.body)),
  );

  app.get(
    '/me/addresses',
    {
      schema: {
        tags: ['users'],
        summary: 'My addresses, oldest first (a page, as every list of the API)',
        security,
        querystring: Pagination,
        response: { 200: Page(Address), ...problemResponses },
      },
    },
    async (request) => {
      return mapPage(await listAddresses(ctx, authenticatedUser(request).id, request.query), addressView);
    },
  );

  app.post(
    '/me/addresses',
    {
      schema: {
        tags: ['users'],
        summary: 'Add an address',
        security,
        body: AddressCreate,
        response: { 201: Address, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(addressView(await addAddress(ctx, authenticatedUser(request).id, request.body))),
  );

  app.patch(
    '/me/addresses/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change one of my addresses',
        security,
        params: AddressParams,
        body: AddressPatch,
        response: { 200: Address, ...problemResponses },
      },
    },
    async (request) =>
      addressView(await updateAddress(ctx, authenticatedUser(request).id, request.params.id, request.body)),
  );

  app.delete(
    '/me/addresses/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete one of my addresses',
        security,
        params: AddressParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      await deleteAddress(ctx, authenticatedUser(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
