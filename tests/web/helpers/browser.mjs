// Launches Debian's Chromium through playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium with the flags the sandboxed test machine needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/**
 * Opens `url` in a new page and collects page errors and console errors into
 * `page.problems` so a test can assert there were none.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 } } = {}) {
  const page = await browser.newPage({ viewport });
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return page;
}

/**
 * Opens the fixture page and waits for `init()` to finish.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base server URL
 * @param {{worker?: boolean}} [options]
 */
export async function openFixture(browser, base, { worker = false } = {}) {
  const page = await openPage(browser, `${base}/fixture.html${worker ? '?worker' : ''}`);
  await page.waitForFunction(() => window.alamReady || window.alamError);
  const error = await page.evaluate(() => window.alamError);
  if (error) throw new Error(`alam init failed in the page: ${error}`);
  return page;
}
