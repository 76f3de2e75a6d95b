/**
 * The browser harness: the whole local platform in-process (the test kit's startPlatform: every
 * live service as its own process, the api-gateway, the two web apps built when stale, the demo
 * seeds), behind the local load balancer with the ALB's path rules, and Debian's Chromium driven by
 * playwright-core (never a downloaded browser; .ci/run installs the Debian package).
 *
 *   const env = await startBrowserPlatform({ port: 22300 });
 *   const page = await env.newPage();
 *   await page.goto(`${env.origin}/`);
 *   await screenshot(page, 'catalog');
 *   await expectAccessible(page);
 *   await env.stop();
 *
 * The load balancer's port is the caller's (each workspace has its own range); the services listen
 * on ports the OS hands out, so two harnesses never collide.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type LoadBalancer, startLoadBalancer } from '@b2b/local-runner/load-balancer';
import { buildPathRules } from '@b2b/local-runner/path-rules';
import { buildStaleWebApps } from '@b2b/local-runner/web-apps';
import type { ServiceName } from '@b2b/shared/catalogue';
import { type Platform, startableServices, startPlatform } from '@b2b/test-kit/platform';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
/** Whether Debian's Chromium is installed (the browser tests are skipped without it). */
export const hasChromium = existsSync(chromiumPath);

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
/** Kept by CI as artifacts (.ci/run prints where); gitignored. */
export const screenshotDir = path.join(repoRoot, '.ci', 'artifacts', 'screenshots');

/** A phone first: the apps must be usable at 375 px. */
export const phoneViewport = { width: 375, height: 812 } as const;

export interface BrowserPlatformOptions {
  /** The load balancer's port, from the caller's own range: the browser's origin. */
  readonly port: number;
  /** Services to run; default every startable one (the gateway is always added). */
  readonly services?: readonly ServiceName[];
  /** Run the demo seeds (admin, Acme's buyer/approver/admin, the demo catalog); default true. */
  readonly seed?: boolean;
  /** Extra variables per service, on top of the runner's environment. */
  readonly env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Per service start-up deadline; default 180 s: nine services start at once on a shared CI machine. */
  readonly readyTimeoutMs?: number;
}

export interface BrowserPlatform {
  /** `http://127.0.0.1:<port>`: what the browser opens; `${origin}/api/v1` is the API. */
  readonly origin: string;
  readonly platform: Platform;
  readonly browser: Browser;
  /** A fresh browser context (own cookies) and page; closed by stop(). */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  stop(): Promise<void>;
}

export async function startBrowserPlatform(options: BrowserPlatformOptions): Promise<BrowserPlatform> {
  const origin = `http://127.0.0.1:${options.port}`;
  await buildStaleWebApps(repoRoot, ['customer-portal', 'admin-dashboard'], () => {});
  const services = (options.services ?? startableServices()).filter((name) => name !== 'api-gateway');
  const platform = await startPlatform({
    services,
    gateway: true,
    seed: options.seed ?? true,
    corsOrigins: [origin],
    logLevel: process.env.LOG_LEVEL === 'silent' ? 'warn' : process.env.LOG_LEVEL,
    env: options.env,
    readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
  });
  let balancer: LoadBalancer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const stop = async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
    await browser?.close();
    await balancer?.close();
    await platform.stop();
  };
  try {
    const started = new Set<ServiceName>([...services, 'api-gateway']);
    balancer = await startLoadBalancer({
      rules: buildPathRules(),
      port: options.port,
      host: '127.0.0.1',
      targetPort: (service) =>
        started.has(service) ? Number(new URL(platform.serviceUrl(service)).port) : undefined,
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const launched = browser;
  return {
    origin,
    platform,
    browser: launched,
    async newPage(pageOptions) {
      const context = await launched.newContext({ viewport: pageOptions?.viewport ?? phoneViewport });
      contexts.push(context);
      return context.newPage();
    },
    stop,
  };
}

/** Writes `<name>.png` (full page) under .ci/artifacts/screenshots and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

let axeSource: string | undefined;

/** axe-core's serious and critical violations of the page as it is now, as `id: help (targets)`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Through the DevTools protocol: a <script> tag would be (rightly) refused by the page's CSP.
  // Once per document: the apps navigate client-side, so axe stays loaded across their pages.
  if (await page.evaluate(`typeof axe === 'undefined'`)) await page.evaluate(axeSource);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Fails with the list of violations when axe-core finds a serious or critical one. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await seriousViolations(page);
  if (violations.length > 0) {
    throw new Error(`accessibility violations on ${page.url()}:\n${violations.join('\n')}`);
  }
}
