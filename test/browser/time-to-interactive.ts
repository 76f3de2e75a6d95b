/**
 * The portal's time to interactive on a cold load (not a test; prints the figures):
 * navigation start → the catalog's first product rendered and clickable (the first line of its
 * link is the element at its own centre), for a signed-in buyer whose browser has an empty HTTP
 * cache (a new context with only the session cookie). Prints each of 5 cold loads, p50 and p95,
 * then both apps' bundle sizes (bundle-sizes.ts).
 *
 *   node --import tsx test/browser/time-to-interactive.ts                 # starts the platform (port 23290)
 *   node --import tsx test/browser/time-to-interactive.ts http://localhost:8080   # against npm start
 *
 * Without a URL it starts what `npm start` runs (every service, the gateway, both web apps and the
 * demo seeds behind the load balancer's path rules) through the browser harness. The sign-in
 * before the timed loads warms the services up (the first request of a fresh process compiles
 * code paths, which is not what a user of a running platform waits for).
 *
 * Measured 2026-12-01 against `npm start` (LB_PORT=43280 PORT_OFFSET=40200, --in-memory, demo
 * seeds) on the shared 2-core machine at a load average of 35–46: 1265, 863, 1270, 1170, 1308 ms;
 * p50 1265 ms, p95 1308 ms (goal < 2 s). Without a URL (the harness, minutes later, load average
 * 48–50 with other workspaces' benchmarks running): 3194, 2152, 2921, 2936, 3013 ms; p50 2936 ms,
 * p95 3194 ms. The figures follow the machine's load more than the apps.
 */
import { pollUntil } from '@b2b/test-kit/poll';
import { chromium } from 'playwright-core';
import { printBundleSizes } from './bundle-sizes.ts';
import { type BrowserPlatform, chromiumPath, startBrowserPlatform } from './support/browser-platform.ts';
import { demo, signIn } from './support/portal-pages.ts';

const runs = 5;
const given = process.argv[2];
let env: BrowserPlatform | undefined;
// The signed-in shell calls more than the catalog (cart, notifications): the whole platform.
if (!given) env = await startBrowserPlatform({ port: 23290 });
const origin = given ?? env!.origin;
const browser =
  env?.browser ??
  (await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  }));

/**
 * In the page, before any script: the moment the first product link can be clicked. A string
 * (this file is type-checked for Node, without the DOM's types).
 */
const watchFirstProduct = `(() => {
  const check = () => {
    const link = document.querySelector('.product-card h3 a');
    if (!link) return false;
    // The first line box, not the bounding box: a name that wraps makes the link's bounding box
    // wider than its text, and that box's centre lands on the heading beside the text (why this
    // script used to wait forever: the check never passed).
    const box = link.getClientRects()[0];
    if (!box || box.width === 0 || box.height === 0) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (hit !== link && !link.contains(hit)) return false;
    window.__interactiveAt = performance.now();
    return true;
  };
  // Every frame, not only on DOM changes: the link may become hittable after layout or styles settle.
  const tick = () => { if (!check()) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();`;

try {
  const signInContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const signInPage = await signInContext.newPage();
  await signIn(signInPage, origin, demo.buyer);
  await signInPage.locator('.product-card h3 a').first().waitFor();
  const figures: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh context: empty cache, only the (rotating) session cookie carried over.
    const cookies = await signInContext.cookies();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies(cookies);
    await context.addInitScript({ content: watchFirstProduct });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    // Read through the DevTools protocol: waitForFunction evaluates a string in the page, which
    // the strict CSP (no 'unsafe-eval') refuses.
    const ms = await pollUntil(
      async () => (await page.evaluate('window.__interactiveAt')) as number | undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 50,
        message: 'the first product clickable',
      },
    );
    figures.push(ms);
    // The rotated refresh cookie of this load is the one that still works.
    await signInContext.addCookies(await context.cookies());
    await context.close();
  }
  const sorted = [...figures].sort((a, b) => a - b);
  // Nearest rank: of 5 loads, p50 is the 3rd fastest and p95 the slowest.
  const percentile = (p: number) => sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? 0;
  console.log(
    `time to interactive (cold cache, ${origin}): ${figures.map((f) => `${Math.round(f)} ms`).join(', ')}`,
  );
  console.log(`p50 ${Math.round(percentile(50))} ms, p95 ${Math.round(percentile(95))} ms`);
  await printBundleSizes();
} finally {
  if (env) await env.stop();
  else await browser.close();
}
