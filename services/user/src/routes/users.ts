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
import { requireAuth } from '../http/authentication.ts';
import { callerOf } from '../http/caller.ts';
import { problemResponses } from '../schemas/common.ts';
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
    async (request) => profileView(await getProfile(ctx, callerOf(request).userId)),
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
    async (request) => profileView(await updateProfile(ctx, callerOf(request).userId, request.body)),
  );

  app.get(
    '/me/addresses',
    {
      schema: {
        tags: ['users'],
        summary: 'My addresses',
        security,
        response: { 200: Type.Array(Address), ...problemResponses },
      },
    },
    async (request) => (await listAddresses(ctx, callerOf(request).userId)).map(addressView),
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
      reply.code(201).send(addressView(await addAddress(ctx, callerOf(request).userId, request.body))),
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
      addressView(await updateAddress(ctx, callerOf(request).userId, request.params.id, request.body)),
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
      await deleteAddress(ctx, callerOf(request).userId, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
