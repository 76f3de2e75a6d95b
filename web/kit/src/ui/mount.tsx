import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadRuntimeConfig, type RuntimeConfig } from './api-client.ts';
import { AppProviders } from './session.tsx';

/** Loads /config.json, then renders the app; if even that fails, says so (no blank page). */
export async function mountApp(
  basePath: string,
  render: (config: RuntimeConfig) => ReactNode,
): Promise<void> {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root');
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
