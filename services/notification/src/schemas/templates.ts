import { Type } from 'typebox';
import { notificationKindKeys } from '../domain/kinds.ts';
import { LOCALE_PATTERN } from '../templates/source.ts';
import { closed, Timestamp } from './common.ts';

export const TemplateKeyParams = Type.Object(
  {
    key: Type.String({
      minLength: 1,
      maxLength: 64,
      description: `one of ${notificationKindKeys.join(', ')}`,
    }),
  },
  closed,
);

export const TemplateChannel = Type.Union(
  [Type.Literal('email'), Type.Literal('sms'), Type.Literal('in_app')],
  {
    description:
      'email (subject, text, html), sms (text) or in_app (subject, text); security kinds: email only',
  },
);
export const Locale = Type.String({
  pattern: LOCALE_PATTERN,
  description:
    'the recipients’ locale (`en`, `de`, `de-AT`); without a template of its own, the next of `de-AT` → `de` → `en`',
});

/** Which template of a kind: `?channel=email&locale=en` (the defaults). */
export const TemplateSelectorQuery = Type.Object(
  { channel: Type.Optional(TemplateChannel), locale: Type.Optional(Locale) },
  closed,
);

const fields = {
  subject: Type.String({ minLength: 1, maxLength: 500 }),
  text: Type.String({ minLength: 1, maxLength: 20_000 }),
  html: Type.String({ minLength: 1, maxLength: 100_000 }),
};

/**
 * The parts of the channel's template with `{{placeholders}}` of the kind; HTML output is escaped.
 * An email needs all three, an SMS only `text`, an in-app entry `subject` and `text` (else 400).
 */
export const TemplateBody = Type.Object(
  { subject: Type.Optional(fields.subject), text: fields.text, html: Type.Optional(fields.html) },
  closed,
);

/** A draft to preview; missing parts are the current template's. */
export const PreviewBody = Type.Object(
  {
    subject: Type.Optional(fields.subject),
    text: Type.Optional(fields.text),
    html: Type.Optional(fields.html),
  },
  closed,
);

export const Template = Type.Object(
  {
    key: Type.String(),
    channel: TemplateChannel,
    locale: Type.String(),
    description: Type.String(),
    audience: Type.String(),
    /** Sent by email even to users who opted out (invitation, password reset). */
    security: Type.Boolean(),
    placeholders: Type.Array(Type.String()),
    subject: Type.Optional(fields.subject),
    text: fields.text,
    html: Type.Optional(fields.html),
    /** True when an admin's override of exactly this channel and locale is in use. */
    customized: Type.Boolean(),
    /** The locale whose template is used because this one has none (`en`), else null. */
    fallbackLocale: Type.Union([Type.String(), Type.Null()]),
    updatedAt: Type.Union([Timestamp, Type.Null()]),
  },
  closed,
);

export const TemplateList = Type.Object(
  {
    items: Type.Array(Template),
    /** Locales with seeded templates, and those an admin has written templates for. */
    locales: Type.Array(Type.String()),
  },
  closed,
);

export const Preview = Type.Object(
  {
    subject: Type.Optional(Type.String()),
    text: Type.String(),
    html: Type.Optional(Type.String()),
    /** The sample data it was rendered with. */
    sample: Type.Record(Type.String(), Type.String()),
  },
  closed,
);
