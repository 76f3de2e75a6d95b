/**
 * The HTML version of an email, as its markup. Not rendered in a frame: an `srcdoc` frame inherits
 * the dashboard's CSP (style-src 'self'), which refuses the inline styles emails are made of, so a
 * rendering would be both wrong and a CSP violation; allowing it would weaken the whole app's CSP.
 */
export function HtmlSource(props: { html: string; title: string }) {
  return (
    <details>
      <summary>{props.title}</summary>
      <pre>{props.html}</pre>
    </details>
  );
}
