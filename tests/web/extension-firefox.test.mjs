// The Firefox build of the browser extension (target/extension-firefox/ of
// `make extension`), installed into Debian's headless firefox-esr over
// WebDriver BiDi (`webExtension.install`, through puppeteer-core) and tried on
// the same pages as the Chromium test (tests/web/pages/extension/), the
// `script-src 'none'` one included.
//
// The extension's names are added from its popup page, opened as a tab:
// Firefox 153 lets WebDriver open moz-extension:// pages only when started
// with --remote-allow-system-access, and the navigation never reports that it
// finished, so the test waits for the popup's own ready mark instead. The
// extension's UUID is fixed by a preference so the test knows the popup's URL.
//
// Checked in Chromium only (extension.test.mjs), because WebDriver BiDi
// cannot run code in a Firefox extension's background page: the badge and
// the background's counters. The popup's list and switches need the id of
// the tab it shows, which a page without the "tabs" permission cannot learn
// here either; they too are covered in Chromium.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { NAMES, PAGES, SHADOW_PAINTED, buildExtension, highlighted, pageHeaders, paintedInside, waitForHighlight } from './helpers/extension.mjs';
import { launchFirefox } from './helpers/firefox.mjs';

/** The add-on id the Firefox build's manifest declares (scripts/make-extension.mjs). */
const GECKO_ID = 'alam@alam.invalid';
/** The moz-extension:// host given to the extension in this profile. */
const UUID = '6d1e3f52-7a40-4b8e-9c21-0f5a3b7d9e14';

let scratch;
let browser;
let server;
let base;

/** Opens `path` of the test server in a new tab, collecting the page's errors. */
async function open(path) {
  const page = await browser.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  await page.goto(`${base}${path}`);
  return page;
}

/** Opens the extension's popup page in a tab and waits until it is ready. */
async function openPopup() {
  const popup = await browser.newPage();
  // The navigation to a moz-extension:// page never reports its end (see above).
  await popup.page.goto(`moz-extension://${UUID}/popup.html`, { timeout: 2000 }).catch((error) => {
    if (error.name !== 'TimeoutError') throw error;
  });
  await popup.waitForSelector('body[data-ready]');
  return popup;
}

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'alam-extension-firefox-'));
  const extension = `${buildExtension(scratch)}-firefox`;
  server = await serve(PAGES, 0, pageHeaders);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchFirefox({
    args: ['--remote-allow-system-access'],
    prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
  });
  assert.equal(await browser.puppeteer.installExtension(extension), GECKO_ID);

  const popup = await openPopup();
  const reply = await popup.evaluate((names) => chrome.runtime.sendMessage({ kind: 'addNames', names }), NAMES);
  assert.deepEqual(reply, { ok: true });
  await popup.close();
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('Firefox: an article is highlighted with the Highlight API, the page DOM untouched', async () => {
  const page = await open('/article.html');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  const found = await highlighted(page);
  // Three mentions, the first split by <b>: one Range across two text nodes.
  assert.deepEqual(
    found.PER.filter((t) => t === 'سلمى الزهراني'),
    ['سلمى الزهراني', 'سلمى الزهراني', 'سلمى الزهراني'],
  );
  for (const country of ['المغرب', 'مصر']) assert.ok(found.LOC?.includes(country), `${country} is a LOC`);
  const counts = await page.evaluate(() => ({ ...document.documentElement.dataset }));
  assert.equal(counts.alamCount, String(Object.values(found).flat().length));
  assert.ok(Number(counts.alamEntities) >= 1);
  assert.equal(await page.locator('mark').count(), 0, 'the Highlight API painter adds no elements');
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("Firefox: a page whose CSP is script-src 'none' is highlighted all the same", async () => {
  const page = await open('/csp.html');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pageScript), undefined, 'the CSP holds');
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  const found = await highlighted(page);
  assert.equal(found.PER.filter((t) => t === 'سلمى الزهراني').length, 3);
  await page.close();
});

test('Firefox: names inside an open shadow root and a same-origin frame are highlighted, with the styles copied in', async () => {
  const page = await open('/shadow.html');
  assert.deepEqual(await paintedInside(page), SHADOW_PAINTED);
  await page.close();
});

test('Firefox: a paragraph the page adds after load is highlighted once it appears', async () => {
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

test('Firefox: a page without Arabic is left alone until Arabic text arrives', async () => {
  const page = await open('/plain.html');
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.alamCount), undefined);
  assert.deepEqual(await highlighted(page), {});
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'وفي ختام الزيارة عادت سلمى الزهراني إلى بلادها بعد محادثات مطولة مع المسؤولين.';
    document.body.append(p);
  });
  await waitForHighlight(page, 'PER', 'سلمى الزهراني');
  await page.close();
});
