import { Type } from 'typebox';
import { notificationKindKeys } from '../domain/kinds.ts';
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

const fields = {
  subject: Type.String({ minLength: 1, maxLength: 500 }),
  text: Type.String({ minLength: 1, maxLength: 20_000 }),
  html: Type.String({ minLength: 1, maxLength: 100_000 }),
};

/** `{subject, text, html}` with `{{placeholders}}` of the kind; HTML output is escaped. */
export const TemplateBody = Type.Object(fields, closed);

/** A draft to preview; missing fields are the current template's. */
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
    description: Type.String(),
    audience: Type.String(),
    /** Sent by email even to users who opted out (invitation, password reset). */
    security: Type.Boolean(),
    placeholders: Type.Array(Type.String()),
    ...fields,
    /** False while the seeded default is in use. */
    customized: Type.Boolean(),
    updatedAt: Type.Union([Timestamp, Type.Null()]),
  },
  closed,
);

export const TemplateList = Type.Object({ items: Type.Array(Template) }, closed);

export const Preview = Type.Object(
  {
    subject: Type.String(),
    text: Type.String(),
    html: Type.String(),
    /** The sample data it was rendered with. */
    sample: Type.Record(Type.String(), Type.String()),
  },
  closed,
);
