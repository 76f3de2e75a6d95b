/**
 * React Aria's usePress adds a <style id="react-aria-pressable-style"> to <head> the first time a
 * pressable renders (touch-action for pressable elements), which the strict CSP (style-src 'self',
 * no 'unsafe-inline') refuses and reports. It skips that when an element with the id exists, so
 * one is placed first and the same rule ships in portal.css instead. (A candidate for the web kit:
 * the admin dashboard has the same report.)
 */
const STYLE_ID = 'react-aria-pressable-style';

export function preventInlinePressStyle(): void {
  if (document.getElementById(STYLE_ID)) return;
  const marker = document.createElement('meta');
  marker.id = STYLE_ID;
  document.head.append(marker);
}
