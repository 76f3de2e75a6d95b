import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadRuntimeConfig, type RuntimeConfig } from './api-client.ts';
import { AppProviders } from './session.tsx';

/**
 * React Aria's usePress adds a <style> element (touch-action on pressable elements, so a double tap
 * does not delay clicks) unless an element with this id exists. The strict CSP (style-src 'self')
 * refuses inline styles, so styles.css carries the same rule and this marker stops the injection.
 */
const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

function markPressableStyleShipped(): void {
  if (document.getElementById(PRESSABLE_STYLE_ID)) return;
  const marker = document.createElement('meta');
  marker.id = PRESSABLE_STYLE_ID;
  marker.name = 'react-aria-pressable-style';
  marker.content = 'in styles.css';
  document.head.append(marker);
}

/** Loads /config.json, then renders the app; if even that fails, says so (no blank page). */
export async function mountApp(
  basePath: string,
  render: (config: RuntimeConfig) => ReactNode,
): Promise<void> {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root');
  markPressableStyleShipped();
  const root = createRoot(element);
  try {
    const config = await loadRuntimeConfig(basePath);
    root.render(
      <StrictMode>
        <AppProviders config={config}>{render(config)}</AppProviders>
      </StrictMode>,
    );
  } catch {
    root.render(
      <main id="main" className="notice notice-error" role="alert">
        <p>The application could not load its configuration.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </main>,
    );
  }
}
