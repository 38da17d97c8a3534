// Debian's firefox-esr, headless, driven by puppeteer-core over WebDriver BiDi
// (puppeteer-core never downloads a browser: it is given the executable).
import puppeteer from 'puppeteer-core';
import { BasePage } from './page.mjs';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/**
 * Starts headless Firefox. `prefs` are extra about:config preferences; `args`
 * extra command-line arguments.
 * @param {{prefs?: Record<string, unknown>, args?: string[]}} [options]
 * @returns {Promise<FirefoxBrowser>}
 */
export async function launchFirefox({ prefs = {}, args = [] } = {}) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args,
    protocolTimeout: 120_000,
    extraPrefsFirefox: { 'app.update.enabled': false, 'browser.shell.checkDefaultBrowser': false, ...prefs },
  });
  return new FirefoxBrowser(browser);
}

/** A Firefox instance whose pages follow the tests' page interface (page.mjs). */
export class FirefoxBrowser {
  /** @param {import('puppeteer-core').Browser} browser */
  constructor(browser) {
    this.engine = 'firefox';
    /** The puppeteer-core Browser, for what the page interface does not cover (e.g. extensions). */
    this.puppeteer = browser;
  }

  /** Opens a blank tab of `viewport` size. */
  async newPage({ viewport = { width: 1280, height: 900 } } = {}) {
    const page = await this.puppeteer.newPage();
    await page.setViewport(viewport);
    return new FirefoxPage(page);
  }

  close() {
    return this.puppeteer.close();
  }
}

/** Playwright key names that puppeteer spells differently. */
const KEYS = { Space: ' ' };

/** A puppeteer-core page behind the tests' page interface. */
export class FirefoxPage extends BasePage {
  /** @param {import('puppeteer-core').Page} page */
  constructor(page) {
    super();
    this.page = page;
  }

  evaluateSource(source, arg) {
    return this.page.evaluate(`(${source})(${JSON.stringify(arg)})`);
  }

  /** Loads `url` and waits for its load event. */
  goto(url) {
    return this.page.goto(url, { waitUntil: 'load' });
  }

  close() {
    return this.page.close();
  }

  /**
   * 'pageerror' (an Error), 'console' (a message with type() and text()) and
   * 'request' (with url()) as in playwright. Firefox also reports `data:`
   * URLs (the blank page a new tab starts on) as requests; they are not
   * network requests, so they are left out.
   */
  on(event, handler) {
    if (!['pageerror', 'console', 'request'].includes(event)) throw new TypeError(`unsupported page event ${event}`);
    if (event === 'request') this.page.on(event, (request) => request.url().startsWith('data:') || handler(request));
    else this.page.on(event, handler);
  }

  async screenshotBytes({ fullPage = false, selector, index = 0 } = {}) {
    if (selector === undefined) return Buffer.from(await this.page.screenshot({ fullPage }));
    const element = (await this.page.$$(selector))[index];
    return Buffer.from(await element.screenshot());
  }

  pressKey(key) {
    return this.page.keyboard.press(KEYS[key] ?? key);
  }

  typeText(text) {
    return this.page.keyboard.type(text);
  }

  clickAt(x, y) {
    return this.page.mouse.click(x, y);
  }
}
