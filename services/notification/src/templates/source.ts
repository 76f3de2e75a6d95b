/**
 * What a template is made of. One template per notification kind × channel × locale: an email has
 * a subject, a plain-text and an HTML part; an SMS only a text; an in-app inbox entry a subject and
 * a text. Locales are BCP 47-like tags as the user service stores them (`en`, `de`, `de-AT`).
 */
export const templateFields = ['subject', 'text', 'html'] as const;
export type TemplateField = (typeof templateFields)[number];

export const templateChannels = ['email', 'sms', 'in_app'] as const;
export type TemplateChannel = (typeof templateChannels)[number];

/** The parts each channel's template has (exactly these: a PUT naming another is a 400). */
export const channelFields: Readonly<Record<TemplateChannel, readonly TemplateField[]>> = {
  email: ['subject', 'text', 'html'],
  sms: ['text'],
  in_app: ['subject', 'text'],
};

/** A template's parts; which are present depends on its channel (`channelFields`). */
export interface TemplateSource {
  subject?: string;
  text: string;
  html?: string;
}

/** An email template: all three parts. */
export interface EmailTemplateSource extends TemplateSource {
  subject: string;
  html: string;
}

/** Every message falls back to it: the seeded defaults are complete in English. */
export const DEFAULT_LOCALE = 'en';
/** The user service's locale pattern (its Preferences schema). */
export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Z]{2})?$';

/**
 * The locales tried for a recipient, most specific first: `de-AT` → `de-AT`, `de`, `en`. A locale
 * the platform has no template for is never an error: the message goes out in English.
 */
export function localeChain(locale: string): string[] {
  const chain = [locale];
  const language = locale.split('-')[0]!;
  if (language !== locale) chain.push(language);
  if (!chain.includes(DEFAULT_LOCALE)) chain.push(DEFAULT_LOCALE);
  return chain;
}
