// The page interface the web tests use in every engine: a subset of
// playwright-core's Page (same names, same argument order), so a test written
// against it runs unchanged in Chromium (where the page *is* a playwright-core
// Page) and in Firefox and WebKit (where it is a subclass of BasePage below).
//
// A subclass supplies the engine's primitives: evaluateSource, goto, close, on,
// screenshot, and the keyboard and pointer input. Everything else (fill,
// textContent, locator, waitForFunction...) is built here from those, in the
// page's own JS, so it behaves the same in every engine.

import { writeFile } from 'node:fs/promises';

/** Playwright's default timeout for waits, in milliseconds. */
const DEFAULT_TIMEOUT = 30_000;
/** How often waitForFunction/waitForSelector look again, in milliseconds. */
const POLL_MS = 50;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * The engine-independent part of a page. Subclasses implement:
 * `evaluateSource(source, arg)` (calls the function whose source text is
 * `source` with the JSON value `arg` in the page, awaits it and returns its
 * JSON value), `goto(url)`, `close()`, `on(event, handler)`,
 * `screenshotBytes({fullPage, selector, index})` (a PNG Buffer),
 * `pressKey(key)` and `typeText(text)` (into the focused element), and
 * `clickAt(x, y)` (viewport CSS pixels).
 */
export class BasePage {
  constructor() {
    /** Playwright's `page.keyboard`: keys go to the focused element. */
    this.keyboard = {
      press: (key) => this.pressKey(key),
      type: (text) => this.typeText(text),
    };
  }

  /**
   * Calls `fn(arg)` in the page and returns its (awaited) result, which must
   * be JSON data. `fn` runs from its source text, so it sees only the page.
   */
  evaluate(fn, arg) {
    if (typeof fn !== 'function') throw new TypeError('evaluate() takes a function');
    return this.evaluateSource(fn.toString(), arg);
  }

  /**
   * Calls `fn(arg)` in the page every POLL_MS until it returns a truthy value
   * (playwright's `waitForFunction(fn, arg, {timeout})`); returns that value.
   */
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`waitForFunction timed out after ${timeout} ms: ${fn}`);
      await sleep(POLL_MS);
    }
  }

  /** Waits until `selector` matches an element. */
  async waitForSelector(selector, { timeout = DEFAULT_TIMEOUT } = {}) {
    await this.waitForFunction((s) => document.querySelector(s) !== null, selector, { timeout });
  }

  /** Waits `ms` milliseconds. */
  waitForTimeout(ms) {
    return sleep(ms);
  }

  /** `fn([...elements matching selector], arg)` in the page. */
  $$eval(selector, fn, arg) {
    return this.evaluateSource(`({ selector, arg }) => (${fn})([...document.querySelectorAll(selector)], arg)`, {
      selector,
      arg,
    });
  }

  /** One placeholder per element matching `selector` (tests only count them). */
  async $$(selector) {
    const count = await this.evaluate((s) => document.querySelectorAll(s).length, selector);
    return Array.from({ length: count }, (_, index) => this.locator(selector).nth(index));
  }

  /** The textContent of the first element matching `selector`. */
  async textContent(selector) {
    await this.waitForSelector(selector);
    return this.evaluate((s) => document.querySelector(s).textContent, selector);
  }

  /** An attribute of the first element matching `selector`. */
  async getAttribute(selector, name) {
    await this.waitForSelector(selector);
    return this.evaluate(([s, n]) => document.querySelector(s).getAttribute(n), [selector, name]);
  }

  /**
   * Sets an input's or textarea's value as playwright's fill() does: focus,
   * replace the value, then an `input` event.
   */
  async fill(selector, value) {
    await this.waitForSelector(selector);
    await this.evaluate(
      ([s, v]) => {
        const element = document.querySelector(s);
        element.focus();
        element.value = v;
        element.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: v }));
      },
      [selector, value],
    );
  }

  /** Focuses `selector`, then presses `key`. */
  async press(selector, key) {
    await this.locator(selector).focus();
    await this.pressKey(key);
  }

  /** Clicks the centre of the first element matching `selector`. */
  click(selector) {
    return this.locator(selector).click();
  }

  /** A playwright-like Locator: `first()`, `nth()`, `count()`, `focus()`, `click()`, `screenshot()`. */
  locator(selector) {
    return new Locator(this, selector, 0);
  }

  /** Writes a PNG of the viewport (or the whole page) to `path`. */
  async screenshot({ path, fullPage = false } = {}) {
    const png = await this.screenshotBytes({ fullPage });
    if (path) await writeFile(path, png);
    return png;
  }
}

/** The `index`-th element matching `selector` in `page`. */
class Locator {
  constructor(page, selector, index) {
    this.page = page;
    this.selector = selector;
    this.index = index;
  }

  first() {
    return new Locator(this.page, this.selector, 0);
  }

  nth(index) {
    return new Locator(this.page, this.selector, index);
  }

  count() {
    return this.page.evaluate((s) => document.querySelectorAll(s).length, this.selector);
  }

  /** Runs `fn(element, arg)` in the page once the element exists. */
  async run(fn, arg) {
    const where = { selector: this.selector, index: this.index };
    await this.page.waitForFunction((w) => document.querySelectorAll(w.selector).length > w.index, where);
    return this.page.evaluateSource(
      `({ where, arg }) => (${fn})(document.querySelectorAll(where.selector)[where.index], arg)`,
      { where, arg },
    );
  }

  focus() {
    return this.run((element) => element.focus());
  }

  /**
   * Clicks the element at `position` from its top left corner, or at its
   * centre, scrolling the page first if that point is outside the viewport.
   */
  async click({ position } = {}) {
    const { x, y } = await this.run((element, position) => {
      const point = () => {
        const box = element.getBoundingClientRect();
        return position
          ? { x: box.left + position.x, y: box.top + position.y }
          : { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      };
      const { x, y } = point();
      const outside = (v, size) => (v < 0 || v >= size ? v - size / 2 : 0);
      window.scrollBy({ left: outside(x, innerWidth), top: outside(y, innerHeight), behavior: 'instant' });
      return point();
    }, position);
    await this.page.clickAt(x, y);
  }

  /** Writes a PNG of the element to `path`. */
  async screenshot({ path } = {}) {
    await this.run((element) => element.scrollIntoView({ block: 'nearest', behavior: 'instant' }));
    const png = await this.page.screenshotBytes({ selector: this.selector, index: this.index });
    if (path) await writeFile(path, png);
    return png;
  }
}
