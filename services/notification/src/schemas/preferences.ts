import { Type } from 'typebox';
import { optionalKindKeys } from '../domain/kinds.ts';
import { closed } from './common.ts';

export const ChannelChoice = Type.Object(
  { email: Type.Boolean(), sms: Type.Boolean(), inApp: Type.Boolean() },
  closed,
);

/** Every kind a user may choose for; security kinds are not here, so a PUT naming one is a 400. */
export const Preferences = Type.Object(
  Object.fromEntries(optionalKindKeys.map((k) => [k, ChannelChoice])) as Record<string, typeof ChannelChoice>,
  closed,
);

export const PreferencesUpdate = Type.Object(
  Object.fromEntries(optionalKindKeys.map((k) => [k, Type.Optional(ChannelChoice)])) as Record<
    string,
    ReturnType<typeof Type.Optional<typeof ChannelChoice>>
  >,
  { ...closed, minProperties: 1 },
);
