import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroller (375 px phones): focusable and named, so a keyboard user
 * can scroll it too (axe: scrollable-region-focusable). A candidate for @b2b/web-kit/ui.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll container must take focus to be scrolled by keyboard
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
