// The one browser driver of the web tests. ALAM_ENGINE picks the engine the
// browser tests run in (never a downloaded browser, always Debian's):
//   chromium (default)  /usr/bin/chromium through playwright-core, headless
//   firefox             /usr/bin/firefox-esr through puppeteer-core over WebDriver BiDi, headless
//   webkit              WebKitGTK's MiniBrowser through WebKitWebDriver (selenium-webdriver), under Xvfb
// In Chromium a page is playwright-core's own Page; in Firefox and WebKit it is
// a page of helpers/page.mjs, which offers the subset of that API the tests
// use, with the same names and arguments. A test that needs more than that
// subset must say which engines it runs in (see `ENGINE`).
import { chromium } from 'playwright-core';
import { launchFirefox } from './firefox.mjs';
import { launchWebKit } from './webkit.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The engines the web tests know, in the order `make test` runs them. */
export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engine of this run: the ALAM_ENGINE environment variable, or chromium. */
export const ENGINE = process.env.ALAM_ENGINE ?? 'chromium';
if (!ENGINES.includes(ENGINE)) {
  throw new Error(`ALAM_ENGINE must be one of ${ENGINES.join(', ')}, not ${JSON.stringify(ENGINE)}`);
}

/**
 * Starts a browser of `engine` (default: ENGINE). Every browser has
 * `newPage({viewport})` and `close()`; its `engine` property names it.
 * @param {{engine?: string}} [options]
 */
export async function launchBrowser({ engine = ENGINE } = {}) {
  if (engine === 'firefox') return launchFirefox();
  if (engine === 'webkit') return launchWebKit();
  if (engine !== 'chromium') throw new Error(`unknown engine ${JSON.stringify(engine)}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  browser.engine = 'chromium';
  return browser;
}

/**
 * Opens `url` in a new page and collects page errors and console errors into
 * `page.problems` so a test can assert there were none. (In WebKit, errors
 * are seen from the first driver call after the page loaded: see webkit.mjs.)
 * @param {Awaited<ReturnType<typeof launchBrowser>>} browser
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
 * @param {Awaited<ReturnType<typeof launchBrowser>>} browser
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
