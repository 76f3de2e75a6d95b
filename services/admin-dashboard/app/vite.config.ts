import path from 'node:path';
import { appViteConfig } from '@b2b/web-kit/vite';
import { defineConfig } from 'vite';

export default defineConfig(
  appViteConfig({ workspaceDir: path.resolve(import.meta.dirname, '..'), base: '/admin/', devPort: 5174 }),
);
