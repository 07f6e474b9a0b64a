/**
 * What every web UI browser suite shares: Debian's chromium through playwright-core (skipped,
 * saying what to install, when it is missing), the built UI, a page watcher that turns console
 * errors, page errors and unexpected failed requests into problems the suites assert are none,
 * and the views' render marks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SKIP_WITHOUT_CHROMIUM: string | false = existsSync(CHROMIUM) ? false : 'no /usr/bin/chromium: install it with `apt-get install -y chromium`';
export const ARTIFACTS = 'test-artifacts/ui';

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
}

/** Builds the UI if this checkout has no build, and makes the screenshot folder. */
export function prepareUi(): void {
  if (!existsSync('dist/ui/index.html')) execFileSync('npx', ['vite', 'build', '--config', 'ui/vite.config.ts'], { stdio: 'inherit' });
  mkdirSync(ARTIFACTS, { recursive: true });
}

/** Headless chromium at 1280x800 in the light scheme, with one page already watched. */
export async function openBrowser(watch: (p: Page) => void): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  watch(page);
  return { browser, context, page };
}

/**
 * Records in `problems` every console error, page error and HTTP status of 400 or more that
 * `expected` does not allow. Chromium also logs each failed fetch as a console error
 * ("Failed to load resource"); those are judged by their responses instead.
 */
export function watchPage(problems: string[], expected: (r: Response) => boolean = () => false): (p: Page) => void {
  return (p) => {
    p.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
    p.on('response', (r) => {
      if (r.status() >= 400 && !expected(r)) problems.push(`HTTP ${r.status()} from ${r.url()}`);
    });
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
}

/** When a view set its render mark (`omniscope:rendered:<name>`), in ms since navigation start. */
export async function renderedAt(p: Page, name: string): Promise<number> {
  const mark = `omniscope:rendered:${name}`;
  await p.waitForFunction((n) => performance.getEntriesByName(n).length > 0, mark);
  return p.evaluate((n) => (performance.getEntriesByName(n)[0] as { startTime: number }).startTime, mark);
}
