/**
 * The seeded default of a kind × channel × locale. Email defaults are written per locale
 * (defaults-en.ts complete, defaults-de.ts for what customers receive); the SMS and in-app
 * defaults are the same locale's email text (and subject), so each wording is kept once.
 */
import type { NotificationKindKey } from '../domain/kinds.ts';
import { germanTemplates } from './defaults-de.ts';
import { englishTemplates } from './defaults-en.ts';
import type { EmailTemplateSource, TemplateChannel, TemplateSource } from './source.ts';

const seededEmails: Readonly<Record<string, Partial<Record<NotificationKindKey, EmailTemplateSource>>>> = {
  en: englishTemplates,
  de: germanTemplates,
};

/** Locales with seeded templates (`en` complete, the others partial). */
export const seededLocales = Object.keys(seededEmails);

/** The seeded template, or undefined when this locale has none for the kind (the next one is tried). */
export function seededTemplate(
  kind: NotificationKindKey,
  channel: TemplateChannel,
  locale: string,
): TemplateSource | undefined {
  const email = Object.hasOwn(seededEmails, locale) ? seededEmails[locale]![kind] : undefined;
  if (!email) return undefined;
  switch (channel) {
    case 'email':
      return { subject: email.subject, text: email.text, html: email.html };
    case 'sms':
      return { text: email.text };
    case 'in_app':
      return { subject: email.subject, text: email.text };
  }
}
