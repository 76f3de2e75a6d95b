/**
 * Rendered email HTML in a sandboxed frame: no scripts, no same-origin access, no forms, so a
 * template (or a message of the mailbox) can never act inside the dashboard.
 */
export function HtmlPreview({ html, title }: { html: string; title: string }) {
  return <iframe className="preview-frame" title={title} sandbox="" srcDoc={html} />;
}
