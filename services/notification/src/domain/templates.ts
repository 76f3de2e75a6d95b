/**
 * Admin use cases on templates (list, read, replace after checking, reset to the seeded default,
 * preview against sample data) and the resolution every message goes through: for a kind, channel
 * and the recipient's locale, the first locale of its chain (`de-AT` → `de` → `en`) that has a
 * template wins, an admin's override before the seeded default of the same locale.
 */
import { type TemplateAddress, type TemplateDoc, templateId } from '../repositories/templates.ts';
import { checkTemplate, type RenderedMessage, renderTemplate } from '../templates/engine.ts';
import { seededLocales, seededTemplate } from '../templates/seeds.ts';
import {
  DEFAULT_LOCALE,
  localeChain,
  type TemplateChannel,
  type TemplateSource,
  templateChannels,
} from '../templates/source.ts';
import type { NotificationContext } from './context.ts';
import { notificationErrors } from './errors.ts';
import {
  isNotificationKind,
  type NotificationKindKey,
  notificationKindKeys,
  notificationKinds,
} from './kinds.ts';

export interface TemplateState extends TemplateSource, TemplateAddress {
  /** An admin's override exists at exactly this address. */
  customized: boolean;
  /** The locale whose template is used when this locale has none (`en` for `fr`); null otherwise. */
  fallbackLocale: string | null;
  updatedAt: Date | null;
}

/** Which template to address; channel and locale default to email in English. */
export interface TemplateSelector {
  channel?: TemplateChannel;
  locale?: string;
}

/** Security messages (invitation, reset) are only ever emailed, so they have no SMS or in-app template. */
export function channelsOf(key: NotificationKindKey): readonly TemplateChannel[] {
  return notificationKinds[key].security ? ['email'] : templateChannels;
}

function addressOf(key: string, selector: TemplateSelector): TemplateAddress {
  if (!isNotificationKind(key)) throw notificationErrors.templateNotFound();
  const channel = selector.channel ?? 'email';
  if (!channelsOf(key).includes(channel)) throw notificationErrors.templateNotFound();
  return { key, channel, locale: selector.locale ?? DEFAULT_LOCALE };
}

function partsOf(source: TemplateSource): TemplateSource {
  return {
    ...(source.subject === undefined ? {} : { subject: source.subject }),
    text: source.text,
    ...(source.html === undefined ? {} : { html: source.html }),
  };
}

/** The template of an address among the overrides of its locale chain (pure: the list resolves in memory). */
function pick(address: TemplateAddress, overrides: ReadonlyMap<string, TemplateDoc>): TemplateState {
  for (const locale of localeChain(address.locale)) {
    const doc = overrides.get(templateId({ ...address, locale }));
    const source = doc ?? seededTemplate(address.key, address.channel, locale);
    if (!source) continue;
    const own = locale === address.locale;
    return {
      ...address,
      ...partsOf(source),
      customized: own && doc !== undefined,
      fallbackLocale: own ? null : locale,
      updatedAt: doc?.updatedAt ?? null,
    };
  }
  // The English seeds are complete (defaults-en.ts is a Record of every kind), so this cannot happen.
  throw new Error(`no template for ${address.key} ${address.channel}`);
}

const byId = (docs: TemplateDoc[]) => new Map(docs.map((d) => [d._id, d]));

/** The template a message at this address is rendered from. */
export async function resolveTemplate(
  ctx: NotificationContext,
  address: TemplateAddress,
): Promise<TemplateState> {
  const chain = localeChain(address.locale);
  return pick(address, byId(await ctx.repos.templates.findIn(address.key, address.channel, chain)));
}

/** Every kind × channel in one locale (default `en`), optionally one channel only. */
export async function listTemplates(
  ctx: NotificationContext,
  selector: TemplateSelector,
): Promise<TemplateState[]> {
  const locale = selector.locale ?? DEFAULT_LOCALE;
  const overrides = byId(await ctx.repos.templates.allIn(localeChain(locale)));
  return notificationKindKeys.flatMap((key) =>
    channelsOf(key)
      .filter((channel) => selector.channel === undefined || channel === selector.channel)
      .map((channel) => pick({ key, channel, locale }, overrides)),
  );
}

export function getTemplate(ctx: NotificationContext, key: string, selector: TemplateSelector) {
  return resolveTemplate(ctx, addressOf(key, selector));
}

function assertValid(address: TemplateAddress, source: TemplateSource): void {
  const problems = checkTemplate(source, Object.keys(notificationKinds[address.key].sample), address.channel);
  if (problems.length > 0) throw notificationErrors.invalidTemplate(problems);
}

export async function replaceTemplate(
  ctx: NotificationContext,
  key: string,
  selector: TemplateSelector,
  source: TemplateSource,
  adminId: string,
): Promise<TemplateState> {
  const address = addressOf(key, selector);
  assertValid(address, source);
  await ctx.repos.templates.save(address, partsOf(source), adminId, ctx.now());
  return resolveTemplate(ctx, address);
}

/**
 * Drops the admin's override: the seeded default of the address applies again (or, in a locale
 * without a seed, the next locale's template). Idempotent: resetting a default changes nothing.
 */
export async function resetTemplate(
  ctx: NotificationContext,
  key: string,
  selector: TemplateSelector,
): Promise<TemplateState> {
  const address = addressOf(key, selector);
  await ctx.repos.templates.remove(address);
  return resolveTemplate(ctx, address);
}

/**
 * Renders the current template, or a draft of it (the parts given replace the current ones), with
 * the kind's sample data. A draft is checked like a PUT.
 */
export async function previewTemplate(
  ctx: NotificationContext,
  key: string,
  selector: TemplateSelector,
  draft: Partial<TemplateSource>,
): Promise<RenderedMessage> {
  const address = addressOf(key, selector);
  const current = partsOf(await resolveTemplate(ctx, address));
  const edited = Object.keys(draft).length > 0;
  const source = edited ? { ...current, ...draft } : current;
  if (edited) assertValid(address, source);
  return renderTemplate(source, notificationKinds[address.key].sample);
}

/** Locales an admin can pick in the template list: the seeded ones and any with an override. */
export async function knownLocales(ctx: NotificationContext): Promise<string[]> {
  return [...new Set([...seededLocales, ...(await ctx.repos.templates.overriddenLocales())])].sort();
}
