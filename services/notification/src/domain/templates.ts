/** Admin use cases on templates: list, read, replace after checking, preview against sample data. */
import type { TemplateDoc } from '../repositories/templates.ts';
import { defaultTemplates, type TemplateSource } from '../templates/defaults.ts';
import { checkTemplate, type RenderedMessage, renderTemplate } from '../templates/engine.ts';
import type { NotificationContext } from './context.ts';
import { notificationErrors } from './errors.ts';
import {
  isNotificationKind,
  type NotificationKindKey,
  notificationKindKeys,
  notificationKinds,
} from './kinds.ts';

export interface TemplateState extends TemplateSource {
  key: NotificationKindKey;
  customized: boolean;
  updatedAt: Date | null;
}

function kindOf(key: string): NotificationKindKey {
  if (!isNotificationKind(key)) throw notificationErrors.templateNotFound();
  return key;
}

function placeholdersOf(key: NotificationKindKey): string[] {
  return Object.keys(notificationKinds[key].sample);
}

function stateOf(key: NotificationKindKey, doc: TemplateDoc | null | undefined): TemplateState {
  const source = doc ?? defaultTemplates[key];
  return {
    key,
    subject: source.subject,
    text: source.text,
    html: source.html,
    customized: Boolean(doc),
    updatedAt: doc?.updatedAt ?? null,
  };
}

/** The source a message of `key` is rendered from: the admin's override, else the default. */
export async function templateSource(
  ctx: NotificationContext,
  key: NotificationKindKey,
): Promise<TemplateSource> {
  return (await ctx.repos.templates.find(key)) ?? defaultTemplates[key];
}

export async function listTemplates(ctx: NotificationContext): Promise<TemplateState[]> {
  const overrides = new Map((await ctx.repos.templates.all()).map((d) => [d._id, d]));
  return notificationKindKeys.map((key) => stateOf(key, overrides.get(key)));
}

export async function getTemplate(ctx: NotificationContext, key: string): Promise<TemplateState> {
  const kind = kindOf(key);
  return stateOf(kind, await ctx.repos.templates.find(kind));
}

function assertValid(key: NotificationKindKey, source: TemplateSource): void {
  const problems = checkTemplate(source, placeholdersOf(key));
  if (problems.length > 0) throw notificationErrors.invalidTemplate(problems);
}

export async function replaceTemplate(
  ctx: NotificationContext,
  key: string,
  source: TemplateSource,
  adminId: string,
): Promise<TemplateState> {
  const kind = kindOf(key);
  assertValid(kind, source);
  await ctx.repos.templates.save({ _id: kind, ...source, updatedAt: ctx.now(), updatedBy: adminId });
  return getTemplate(ctx, kind);
}

/** Renders a draft (or the current template when no draft is given) with the kind's sample data. */
export async function previewTemplate(
  ctx: NotificationContext,
  key: string,
  draft: TemplateSource | undefined,
): Promise<RenderedMessage> {
  const kind = kindOf(key);
  const source = draft ?? (await templateSource(ctx, kind));
  if (draft) assertValid(kind, draft);
  return renderTemplate(source, notificationKinds[kind].sample);
}
