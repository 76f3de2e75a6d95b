import {
  ApiError,
  Button,
  ErrorMessage,
  Field,
  formatDateTime,
  QueryView,
  ScrollRegion,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { HtmlSource } from '../html-source.tsx';
import type { Template, TemplateChannel } from '../types.ts';

interface Preview {
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
  readonly sample: Readonly<Record<string, string>>;
}

const channelLabels: Record<TemplateChannel, string> = { email: 'Email', sms: 'SMS', in_app: 'In-app' };

/** `key`, `channel` and `locale` of one template as the edit page's query string. */
function templateQuery(t: Pick<Template, 'key' | 'channel' | 'locale'>): string {
  return new URLSearchParams({ key: t.key, channel: t.channel, locale: t.locale }).toString();
}

export function TemplatesPage() {
  const api = useApi();
  const [url, setUrl] = useSearchParams();
  const locale = url.get('locale') ?? 'en';
  const templates = useQuery({
    queryKey: ['templates', locale],
    queryFn: () =>
      api.get<{ items: Template[]; locales: string[] }>(
        `/admin/notification-templates?locale=${encodeURIComponent(locale)}`,
      ),
  });
  return (
    <section>
      <h1>Notification templates</h1>
      <QueryView query={templates} isEmpty={(t) => t.items.length === 0}>
        {(t) => (
          <>
            <nav aria-label="Template language">
              {t.locales.map((l) =>
                l === locale ? (
                  <strong key={l} aria-current="page">
                    {l}{' '}
                  </strong>
                ) : (
                  <button key={l} type="button" className="link" onClick={() => setUrl({ locale: l })}>
                    {l}{' '}
                  </button>
                ),
              )}
            </nav>
            <ScrollRegion label="Templates">
              <table>
                <caption className="visually-hidden">Templates</caption>
                <thead>
                  <tr>
                    <th scope="col">Template</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Sent to</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Changed</th>
                  </tr>
                </thead>
                <tbody>
                  {t.items.map((template) => (
                    <tr key={`${template.key}:${template.channel}`}>
                      <th scope="row">
                        <Link
                          to={`/templates/edit?${templateQuery(template)}`}
                          aria-label={`${template.key} (${channelLabels[template.channel]}, ${template.locale})`}
                        >
                          {template.key}
                        </Link>
                        <div className="muted">{template.description}</div>
                      </th>
                      <td>{channelLabels[template.channel]}</td>
                      <td>{template.audience}</td>
                      <td>{template.subject ?? '—'}</td>
                      <td>
                        {template.updatedAt
                          ? formatDateTime(template.updatedAt)
                          : template.fallbackLocale
                            ? `Default (${template.fallbackLocale})`
                            : 'Default'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </QueryView>
    </section>
  );
}

function TemplateForm({ template }: { template: Template }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  // The parts this channel has: an SMS is text only, an in-app entry has no HTML.
  const hasSubject = template.channel !== 'sms';
  const hasHtml = template.channel === 'email';
  const which = new URLSearchParams({ channel: template.channel, locale: template.locale }).toString();
  const path = `/admin/notification-templates/${encodeURIComponent(template.key)}`;
  const draft = () => {
    const data = new FormData(form.current ?? undefined);
    return {
      ...(hasSubject ? { subject: String(data.get('subject')) } : {}),
      text: String(data.get('text')),
      ...(hasHtml ? { html: String(data.get('html')) } : {}),
    };
  };
  const save = useMutation({
    mutationFn: () => api.request<Template>('PUT', `${path}?${which}`, draft()),
    onSuccess: (saved) => {
      queryClient.setQueryData(['template', templateQuery(saved)], saved);
      void queryClient.invalidateQueries({ queryKey: ['templates'] });
    },
  });
  const preview = useMutation({
    mutationFn: () => api.request<Preview>('POST', `${path}/preview?${which}`, draft()),
  });
  const error =
    (save.error ?? preview.error) instanceof ApiError
      ? ((save.error ?? preview.error) as ApiError)
      : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <>
      <form ref={form} onSubmit={onSubmit} aria-label={`Edit ${template.key}`}>
        <p className="muted">
          Placeholders: {template.placeholders.map((p) => `{{${p}}}`).join(', ') || 'none'}. Values are
          HTML-escaped.
        </p>
        {hasSubject && (
          <Field
            name="subject"
            label="Subject"
            isRequired
            defaultValue={template.subject}
            error={error?.fieldMessage('subject')}
          />
        )}
        <Field
          name="text"
          label="Text version"
          multiline
          isRequired
          defaultValue={template.text}
          error={error?.fieldMessage('text')}
        />
        {hasHtml && (
          <Field
            name="html"
            label="HTML version"
            multiline
            isRequired
            defaultValue={template.html}
            error={error?.fieldMessage('html')}
          />
        )}
        {save.isError && <ErrorMessage error={save.error} />}
        {save.isSuccess && <p role="status">Saved.</p>}
        <div className="actions">
          <Button type="submit" isDisabled={save.isPending}>
            Save template
          </Button>
          <Button
            className="react-aria-Button secondary"
            isDisabled={preview.isPending}
            onPress={() => preview.mutate()}
          >
            Preview
          </Button>
        </div>
      </form>
      {preview.isError && <ErrorMessage error={preview.error} />}
      {preview.isSuccess && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview with sample data</h2>
          {preview.data.subject !== undefined && (
            <p>
              <strong>Subject:</strong> {preview.data.subject}
            </p>
          )}
          <h3>Text</h3>
          <pre>{preview.data.text}</pre>
          {preview.data.html !== undefined && (
            <>
              <h3>HTML</h3>
              <HtmlSource html={preview.data.html} title="HTML version (markup)" />
            </>
          )}
        </section>
      )}
    </>
  );
}

export function TemplatePage() {
  // A query parameter, not a path segment: keys hold dots (`order.shipped`), and a deep link whose
  // last segment looks like a file name is answered 404 by the static server, not index.html.
  const [url] = useSearchParams();
  const key = url.get('key') ?? '';
  const channel = (url.get('channel') ?? 'email') as TemplateChannel;
  const locale = url.get('locale') ?? 'en';
  const api = useApi();
  const template = useQuery({
    queryKey: ['template', templateQuery({ key, channel, locale })],
    queryFn: () =>
      api.get<Template>(
        `/admin/notification-templates/${encodeURIComponent(key)}?${new URLSearchParams({ channel, locale })}`,
      ),
  });
  return (
    <section>
      <p>
        <Link to="/templates">← Templates</Link>
      </p>
      <QueryView query={template}>
        {(t) => (
          <>
            <h1>{t.key}</h1>
            <p>
              {t.description} — {channelLabels[t.channel]}, {t.locale}
              {t.fallbackLocale ? ` (no template of its own yet: showing ${t.fallbackLocale})` : ''}
            </p>
            <TemplateForm key={templateQuery(t)} template={t} />
          </>
        )}
      </QueryView>
    </section>
  );
}
