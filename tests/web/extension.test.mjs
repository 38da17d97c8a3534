// The browser extension, loaded unpacked into Debian's Chromium (new headless
// mode, which runs extensions) against the pages in tests/web/pages/extension/
// served on 127.0.0.1. What is asserted is what a page can see: the ranges the
// content script registers under CSS.highlights (one registry per document,
// shared by the page and the content script's isolated world) and the counts
// it writes on <html>.
//
// The extension is built afresh into a temporary folder by
// scripts/make-extension.mjs (which needs `make wasm` done); set
// ALAM_EXTENSION_DIR to test an already built folder instead.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import {
  NAMES,
  PAGES,
  SHADOW_PAINTED,
  STRICT_CSP,
  buildExtension,
  highlighted,
  pageHeaders,
  paintedInside,
  waitForHighlight,
} from './helpers/extension.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let scratch;
let extension;
let context;
let server;
let base;
let worker;
let extensionId;

/** Opens `path` of the test server in a new tab, collecting the page's errors. */
async function open(path) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  const response = await page.goto(`${base}${path}`);
  page.response = response;
  return page;
}

/** The extension's popup page, showing tab `tabId`. */
async function openPopup(tabId) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html${tabId === undefined ? '' : `?tab=${tabId}`}`);
  await popup.waitForSelector('body[data-ready]');
  return popup;
}

/**
 * The id of the tab showing `page`: brought to the front, it is the active tab
 * (the extension has no "tabs" permission, so it cannot query tabs by URL).
 */
async function tabIdOf(page) {
  await page.bringToFront();
  const id = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
  assert.equal(typeof id, 'number', 'the active tab has an id');
  return id;
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'alam-extension-'));
  extension = buildExtension(scratch);
  server = await serve(PAGES, 0, pageHeaders);
  base = `http://127.0.0.1:${server.address().port}`;
  context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM,
    headless: true, // Playwright passes --headless, the new headless mode, which loads extensions
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
    ],
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;

  const popup = await openPopup();
  const reply = await popup.evaluate((names) => chrome.runtime.sendMessage({ kind: 'addNames', names }), NAMES);
  assert.deepEqual(reply, { ok: true });
  await popup.close();
});

after(async () => {
  await context?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('an article: the names are highlighted, the page DOM is untouched, the badge counts entities', async () => {
  const page = await open('/article.html');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  const found = await highlighted(page);
  // Three mentions, the first split by <b>: one Range across two text nodes.
  assert.deepEqual(
    found.PER.filter((t) => t === 'سلمى الزهراني'),
    ['سلمى الزهراني', 'سلمى الزهراني', 'سلمى الزهراني'],
  );
  // Countries a news model finds without help.
  for (const country of ['المغرب', 'مصر']) assert.ok(found.LOC?.includes(country), `${country} is a LOC`);
  const html = await page.evaluate(() => ({ ...document.documentElement.dataset }));
  const mentions = Object.values(found).flat().length;
  assert.equal(html.alamCount, String(mentions));
  assert.equal(await page.locator('mark').count(), 0, 'the Highlight API painter adds no elements');

  const entities = Number(html.alamEntities);
  assert.ok(entities >= 1);
  const tabId = await tabIdOf(page);
  assert.equal(await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), String(entities));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("a page whose CSP is script-src 'none' is highlighted all the same", async () => {
  const page = await open('/csp.html');
  assert.equal(page.response.headers()['content-security-policy'], STRICT_CSP);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pageScript), undefined, 'the CSP holds');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  const found = await highlighted(page);
  assert.equal(found.PER.filter((t) => t === 'سلمى الزهراني').length, 3);
  await page.close();
});

test('names inside an open shadow root and a same-origin frame are highlighted, with the styles copied in', async () => {
  const page = await open('/shadow.html');
  assert.deepEqual(await paintedInside(page), SHADOW_PAINTED);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a paragraph the page adds after load is highlighted once it appears', async () => {
  const page = await open('/dynamic.html');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  await page.waitForSelector('#late');
  await waitForHighlight(page, 'PER', 'فارس القحطاني');
  const inLate = await page.evaluate(() => {
    const late = document.getElementById('late');
    return [...CSS.highlights.get('alam-ext-PER')].some((range) => late.contains(range.startContainer));
  });
  assert.ok(inLate, 'the new range lies inside the added paragraph');
  await page.close();
});

test('a page without Arabic is left alone until Arabic text arrives', async () => {
  const before = await worker.evaluate(() => ({ ...alamStats }));
  const page = await open('/plain.html');
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.alamCount), undefined);
  assert.deepEqual(await highlighted(page), {});
  assert.deepEqual(await worker.evaluate(() => ({ ...alamStats })), before, 'no text was sent to the engine');

  // A single-page app that renders Arabic later is picked up by the observer.
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'وفي ختام الزيارة عادت سلمى الزهراني إلى بلادها بعد محادثات مطولة مع المسؤولين.';
    document.body.append(p);
  });
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  await page.close();
});

test('the popup lists entities, reveals mentions, and switches labels and the site off and on', async () => {
  const page = await open('/article.html');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  const popup = await openPopup(await tabIdOf(page));

  const entry = popup.locator('#entities button[data-label="PER"]', { hasText: 'سلمى الزهراني' });
  await entry.waitFor();
  assert.equal(await entry.locator('.count').textContent(), '3');
  assert.equal(await popup.locator('#host').textContent(), new URL(base).host);

  // Each click moves to the next mention; the third is below a tall spacer.
  for (let i = 0; i < 3; i++) await entry.click();
  await page.waitForFunction(() => scrollY > 1000);
  const flashed = await page.evaluate(() => [...(CSS.highlights.get('alam-ext-focus') ?? [])].map(String));
  assert.deepEqual(flashed, ['سلمى الزهراني']);

  // A label switched off disappears from the page and the list, and comes back.
  const count = Number(await page.evaluate(() => document.documentElement.dataset.alamCount));
  await popup.locator('#labels input[data-label="PER"]').uncheck();
  await page.waitForFunction(() => !CSS.highlights.get('alam-ext-PER'));
  await entry.waitFor({ state: 'detached' });
  assert.equal(Number(await page.evaluate(() => document.documentElement.dataset.alamCount)), count - 3);
  await popup.locator('#labels input[data-label="PER"]').check();
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');

  // The site switch removes everything; the setting persists in storage.
  await popup.locator('#site-on').uncheck();
  await page.waitForFunction(() => document.documentElement.dataset.alamCount === undefined);
  assert.deepEqual(await highlighted(page), {});
  const stored = await popup.evaluate(() => chrome.storage.local.get('settings'));
  assert.deepEqual(stored.settings.disabledSites, [new URL(base).host]);
  await popup.locator('#site-on').check();
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');

  await popup.close();
  await page.close();
});

test('a name added in the popup is found on open pages; a bad label is refused; names can be forgotten', async () => {
  const page = await open('/article.html');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  assert.equal((await highlighted(page)).MISC, undefined, 'the model alone finds no MISC here');
  const popup = await openPopup(await tabIdOf(page));

  await popup.locator('summary').click();
  await popup.locator('#name-text').fill('مجال الطاقة');
  await popup.locator('#name-label').selectOption('MISC');
  await popup.locator('#add-name button').click();
  await waitForHighlight(page, 'MISC', 'مجال الطاقة');
  await popup.waitForFunction(() => document.getElementById('names').textContent.includes('مجال الطاقة (MISC)'));

  const refused = await popup.evaluate(() =>
    chrome.runtime.sendMessage({ kind: 'addNames', names: [{ text: 'س', label: 'NOPE' }] }),
  );
  assert.equal(refused.ok, false);
  assert.match(refused.error, /unknown label/);
  const stored = await popup.evaluate(() => chrome.storage.local.get('settings'));
  assert.deepEqual(stored.settings.names, [...NAMES, { text: 'مجال الطاقة', label: 'MISC' }], 'nothing stored for the refused name');
  // The engine kept the names it had: a page opened now still gets them.
  const again = await open('/article.html');
  await waitForHighlight(again, 'MISC', 'مجال الطاقة');
  await again.close();

  await popup.locator('#clear-names').click();
  await page.waitForFunction(() => !CSS.highlights.get('alam-ext-MISC'));
  await popup.close();
  await page.close();
});

test('without the Highlight API the content script paints <mark> elements instead', async () => {
  // A plain browser, no extension: fallback.html loads fake-chrome.js (a stand-in
  // for the extension APIs that also removes window.Highlight) and then the
  // bundled content script as a page script.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.route('**/extension/content.js', (route) => route.fulfill({ path: join(extension, 'content.js') }));
    await page.goto(`${base}/fallback.html`);
    await page.waitForFunction(() => document.documentElement.dataset.alamCount === '2');
    const marks = await page.$$eval('mark.alam-ext-PER', (list) => list.map((m) => [m.dataset.alamKey, m.textContent]));
    // The first mention crosses <b>: one mark per text node it touches.
    assert.deepEqual(marks, [
      ['سلمى الزهراني', 'سلمى'],
      ['سلمى الزهراني', ' الزهراني'],
      ['سلمى الزهراني', 'سلمى الزهراني'],
    ]);
    assert.deepEqual(await page.evaluate(() => fakeMessages), ['styles', 'entities', 'count']);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
