// WebKitGTK's MiniBrowser (Safari's engine), driven by Debian's WebKitWebDriver
// through selenium-webdriver (classic WebDriver). MiniBrowser has no headless
// mode, so it runs under its own Xvfb server.
//
// Classic WebDriver has no events, so two things are gathered inside the page
// instead, by the script that wraps every evaluate() call: errors (uncaught
// errors, unhandled rejections, console.error), recorded from the first
// driver call after a page loads, so an error thrown while a page loads is
// not seen; and requests, read from the page's Resource Timing entries, so a
// request made by a Web Worker is not seen either.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { Builder, By, Key, Origin } from 'selenium-webdriver';
import { BasePage } from './page.mjs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/** The processes started here that are still running. */
const children = new Set();

/** Stops every child still running (on exit, or when Node is interrupted). */
function stopChildren() {
  for (const child of children) child.kill();
}
process.once('exit', stopChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopChildren();
    process.exit(128 + constants.signals[signal]);
  });
}

/**
 * Starts a child process, stopped when Node exits or is interrupted if it is
 * still running. Its output is dropped unless `options.stdio` says otherwise
 * (an unread pipe would fill up and stall it).
 */
function start(command, args, options) {
  const child = spawn(command, args, { stdio: 'ignore', ...options });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Starts Xvfb on a free display; returns the process and its DISPLAY value. */
async function startXvfb() {
  const xvfb = start('Xvfb', ['-displayfd', '1', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  for await (const chunk of xvfb.stdout) {
    out += chunk;
    if (out.includes('\n')) break;
  }
  const display = out.trim();
  if (!/^\d+$/.test(display)) throw new Error(`Xvfb did not report a display (got ${JSON.stringify(out)})`);
  return { xvfb, display: `:${display}` };
}

/** Waits until the WebDriver server at `url` answers /status. */
async function waitForDriver(url, child) {
  for (let tries = 0; tries < 100; tries++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`WebKitWebDriver did not answer at ${url}`);
}

/**
 * Starts Xvfb, WebKitWebDriver and one MiniBrowser session.
 * @returns {Promise<WebKitBrowser>}
 */
export async function launchWebKit() {
  const { xvfb, display } = await startXvfb();
  const port = await freePort();
  const driverProcess = start(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: display } });
  const url = `http://127.0.0.1:${port}`;
  await waitForDriver(url, driverProcess);
  const driver = await new Builder()
    .usingServer(url)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    })
    .build();
  await driver.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 });
  return new WebKitBrowser(driver, await driver.getWindowHandle(), [driverProcess, xvfb]);
}

/**
 * One MiniBrowser session. Every page is a window of it; the session's first
 * window stays open (closing the last window would end the session). Calls
 * are queued, since each must first switch to its page's window.
 */
export class WebKitBrowser {
  constructor(driver, firstWindow, processes) {
    this.engine = 'webkit';
    /** The selenium-webdriver WebDriver. */
    this.driver = driver;
    this.firstWindow = firstWindow;
    this.processes = processes;
    this.queue = Promise.resolve();
    this.current = firstWindow;
  }

  /** Runs `fn(driver)` once the calls before it are done, with window `handle` current. */
  run(handle, fn) {
    const result = this.queue.then(async () => {
      if (handle && handle !== this.current) {
        await this.driver.switchTo().window(handle);
        this.current = handle;
      }
      return fn(this.driver);
    });
    this.queue = result.catch(() => {});
    return result;
  }

  /** Opens a new window whose viewport is about `viewport`. */
  async newPage({ viewport = { width: 1280, height: 900 } } = {}) {
    // WebDriver opens a window from the current one, which must still exist.
    const handle = await this.run(this.firstWindow, async (driver) => {
      await driver.switchTo().newWindow('window');
      this.current = await driver.getWindowHandle();
      await driver.manage().window().setRect({ x: 0, y: 0, ...viewport });
      return this.current;
    });
    return new WebKitPage(this, handle);
  }

  async close() {
    await this.queue;
    await this.driver.quit().catch(() => {});
    for (const child of this.processes) child.kill();
  }
}

/**
 * Calls the function `source` with `arg` in the page and reports, as JSON,
 * its value or error plus what the page recorded since the last call.
 */
function wrapped(source, arg) {
  return `const done = arguments[arguments.length - 1];
const record = window.__alamDriver ??= (() => {
  const state = { problems: [], resources: 0 };
  addEventListener('error', (e) => state.problems.push({ kind: 'pageerror', text: e.message }));
  addEventListener('unhandledrejection', (e) => state.problems.push({ kind: 'pageerror', text: String(e.reason?.message ?? e.reason) }));
  const error = console.error;
  console.error = (...args) => { state.problems.push({ kind: 'console', text: args.join(' ') }); error.apply(console, args); };
  return state;
})();
const drain = () => {
  const resources = performance.getEntriesByType('resource').slice(record.resources).map((r) => r.name);
  record.resources += resources.length;
  const problems = record.problems.splice(0);
  return { problems, resources };
};
Promise.resolve()
  .then(() => (${source})(${arg === undefined ? 'undefined' : JSON.stringify(arg)}))
  .then(
    (value) => done(JSON.stringify({ value, ...drain() })),
    (error) => done(JSON.stringify({ error: error instanceof Error ? error.name + ': ' + error.message : String(error), ...drain() })),
  );`;
}

/** Playwright key names in WebDriver's spelling. */
const KEYS = { Enter: Key.ENTER, Space: ' ', Tab: Key.TAB, Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE };

/** A MiniBrowser window behind the tests' page interface. */
export class WebKitPage extends BasePage {
  constructor(browser, handle) {
    super();
    this.browser = browser;
    this.handle = handle;
    this.handlers = { pageerror: [], console: [], request: [] };
  }

  run(fn) {
    return this.browser.run(this.handle, fn);
  }

  async evaluateSource(source, arg) {
    const reply = JSON.parse(await this.run((driver) => driver.executeAsyncScript(wrapped(source, arg))));
    this.dispatch(reply);
    if ('error' in reply) throw new Error(`evaluate failed in the page: ${reply.error}`);
    return reply.value;
  }

  /** Passes what the page recorded to the 'pageerror', 'console' and 'request' handlers. */
  dispatch({ problems, resources }) {
    for (const { kind, text } of problems) {
      const event = kind === 'pageerror' ? new Error(text) : { type: () => 'error', text: () => text };
      for (const handler of this.handlers[kind]) handler(event);
    }
    for (const url of resources) for (const handler of this.handlers.request) handler({ url: () => url });
  }

  /** Loads `url` (WebDriver waits for the load event), then starts recording. */
  async goto(url) {
    await this.run((driver) => driver.get(url));
    for (const handler of this.handlers.request) handler({ url: () => url });
    await this.evaluateSource('() => {}');
  }

  close() {
    return this.run(async (driver) => {
      await driver.close();
      await driver.switchTo().window(this.browser.firstWindow);
      this.browser.current = this.browser.firstWindow;
    });
  }

  /** 'pageerror', 'console' and 'request', gathered in the page (see the top of this file). */
  on(event, handler) {
    if (!(event in this.handlers)) throw new TypeError(`unsupported page event ${event}`);
    this.handlers[event].push(handler);
  }

  /**
   * A PNG of the viewport, the whole page or an element. Classic WebDriver
   * has no full-page screenshot, so for `fullPage` the window is made as tall
   * as the page for the shot, then given its size back.
   */
  screenshotBytes({ fullPage = false, selector, index = 0 } = {}) {
    return this.run(async (driver) => {
      if (selector !== undefined) {
        const element = (await driver.findElements(By.css(selector)))[index];
        return Buffer.from(await element.takeScreenshot(), 'base64');
      }
      if (!fullPage) return Buffer.from(await driver.takeScreenshot(), 'base64');
      const window = driver.manage().window();
      const rect = await window.getRect();
      const { extra, height } = await driver.executeScript(
        'return { extra: outerHeight - innerHeight, height: document.documentElement.scrollHeight };',
      );
      await window.setRect({ ...rect, height: height + extra });
      try {
        return Buffer.from(await driver.takeScreenshot(), 'base64');
      } finally {
        await window.setRect(rect);
      }
    });
  }

  pressKey(key) {
    return this.run((driver) => driver.actions({ async: true }).sendKeys(KEYS[key] ?? key).perform());
  }

  typeText(text) {
    return this.run((driver) => driver.actions({ async: true }).sendKeys(text).perform());
  }

  clickAt(x, y) {
    return this.run((driver) =>
      driver
        .actions({ async: true })
        .move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT })
        .click()
        .perform(),
    );
  }
}
