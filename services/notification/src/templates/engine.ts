/**
 * Handlebars, in its own environment (no global helpers), strict, HTML-escaping in the HTML part.
 * Why Handlebars: maintained, logic-less enough for admins, escapes by default, a real parser
 * (syntax errors at compile time) and an AST we can check placeholders against before saving.
 *
 * What a template may contain: text, `{{placeholder}}` of its kind, `{{#if p}}…{{else}}…{{/if}}`
 * and `{{#unless p}}`. Refused: unknown placeholders, `{{{raw}}}` / `{{& raw}}` (unescaped output of
 * customer-controlled data), partials, other helpers, paths (`a.b`, `../x`, `@root`).
 * Subject and text are plain text: they are not HTML-escaped (an `&` stays `&`); the subject loses
 * line breaks so it can never break out of its header.
 */
import Handlebars from 'handlebars';
import {
  channelFields,
  type TemplateChannel,
  type TemplateField,
  type TemplateSource,
  templateFields,
} from './source.ts';

const hb = Handlebars.create();
const blockHelpers = new Set(['if', 'unless']);

export interface TemplateProblem {
  path: string;
  message: string;
}

type Node = { type: string; [key: string]: unknown };
type PathNode = Node & { original: string; parts: string[]; depth: number; data: boolean };

function checkPath(node: Node, placeholders: ReadonlySet<string>, problems: string[]): void {
  if (node.type !== 'PathExpression') {
    problems.push(`only placeholders can be used here, not a ${node.type}`);
    return;
  }
  const path = node as PathNode;
  const name = path.parts.length === 1 && !path.data && path.depth === 0 ? path.parts[0]! : undefined;
  if (name === undefined || !placeholders.has(name)) {
    problems.push(`unknown placeholder {{${path.original}}}`);
  }
}

function walk(node: Node | undefined, placeholders: ReadonlySet<string>, problems: string[]): void {
  if (!node) return;
  switch (node.type) {
    case 'Program':
      for (const child of node['body'] as Node[]) walk(child, placeholders, problems);
      return;
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      if (node['escaped'] === false) problems.push('unescaped output ({{{ }}} or {{& }}) is not allowed');
      const params = node['params'] as Node[];
      if (params.length > 0 || node['hash']) {
        problems.push(`helper {{${(node['path'] as PathNode).original} …}} is not allowed`);
        return;
      }
      checkPath(node['path'] as Node, placeholders, problems);
      return;
    }
    case 'BlockStatement': {
      const helper = (node['path'] as PathNode).original;
      const params = node['params'] as Node[];
      if (!blockHelpers.has(helper) || params.length !== 1 || node['hash']) {
        problems.push(
          `block {{#${helper}}} is not allowed (use {{#if placeholder}} or {{#unless placeholder}})`,
        );
        return;
      }
      checkPath(params[0]!, placeholders, problems);
      walk(node['program'] as Node, placeholders, problems);
      walk(node['inverse'] as Node | undefined, placeholders, problems);
      return;
    }
    default:
      problems.push(`${node.type.replace(/Statement$/, '').toLowerCase()} is not allowed`);
  }
}

/**
 * Problems of a template for one channel, as problem+json `errors` (empty: it may be saved): a part
 * the channel needs that is missing, a part it does not have, syntax and placeholders of each part.
 */
export function checkTemplate(
  source: TemplateSource,
  placeholders: readonly string[],
  channel: TemplateChannel,
): TemplateProblem[] {
  const allowed = new Set(placeholders);
  const needed = channelFields[channel];
  const problems: TemplateProblem[] = [];
  for (const field of templateFields) {
    const value = source[field];
    if (!needed.includes(field)) {
      if (value !== undefined)
        problems.push({ path: `/${field}`, message: `an ${channel} template has no ${field} part` });
      continue;
    }
    if (value === undefined) {
      problems.push({ path: `/${field}`, message: `an ${channel} template needs its ${field} part` });
      continue;
    }
    let ast: Node;
    try {
      ast = hb.parse(value) as unknown as Node;
    } catch (err) {
      const firstLine = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      problems.push({ path: `/${field}`, message: `syntax error: ${firstLine}` });
      continue;
    }
    const found: string[] = [];
    walk(ast, allowed, found);
    for (const message of new Set(found)) problems.push({ path: `/${field}`, message });
  }
  return problems;
}

type Compiled = (data: Record<string, string>) => string;
const compiled = new Map<string, Compiled>();
/** Distinct sources seen by this process stay small (one per kind and field, plus edits). */
const MAX_COMPILED = 500;

function compile(field: TemplateField, source: string): Compiled {
  const key = `${field}\u0000${source}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = hb.compile(source, {
      strict: true,
      noEscape: field !== 'html',
      knownHelpers: { if: true, unless: true },
      knownHelpersOnly: true,
    }) as Compiled;
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, fn);
  }
  return fn;
}

/** A rendered template: the parts its channel has. */
export type RenderedMessage = TemplateSource;

/** Renders a checked template (the parts it has) with data holding every placeholder of its kind. */
export function renderTemplate(
  source: TemplateSource,
  data: Readonly<Record<string, string>>,
): RenderedMessage {
  return {
    ...(source.subject === undefined
      ? {}
      : {
          subject: compile(
            'subject',
            source.subject,
          )(data)
            .replace(/[\r\n]+/g, ' ')
            .trim(),
        }),
    text: compile('text', source.text)(data),
    ...(source.html === undefined ? {} : { html: compile('html', source.html)(data) }),
  };
}
