// The demo page as `make demo` serves it (www/ as is): it works with the real
// wasm, is keyboard-usable, requests nothing but its own files, and leaves
// screenshots under test-output/ for a human to look at (demo.png from
// Chromium, demo-firefox.png and demo-webkit.png from the other engines).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { ENGINE, launchBrowser, openPage } from './helpers/browser.mjs';
import { REPO } from './helpers/server.mjs';

const OUT = join(REPO, 'test-output');
/** The path of screenshot `name` (e.g. 'demo') for this run's engine. */
const shot = (name) => join(OUT, ENGINE === 'chromium' ? `${name}.png` : `${name}-${ENGINE}.png`);

let browser;
let server;
let origin;

before(async () => {
  server = await serve(join(REPO, 'www'), 0);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

/** Opens the demo, recording every request, and waits for the first highlight. */
async function openDemo(query = '') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.requests = [];
  page.problems = [];
  page.on('request', (request) => page.requests.push(request.url()));
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && page.problems.push(message.text()));
  await page.goto(`${origin}/${query}`);
  await page.waitForSelector('body[data-alam-state]');
  const state = await page.getAttribute('body', 'data-alam-state');
  // On failure, say what the demo said (its status line) and what the page threw.
  const status = state === 'ready' ? '' : await page.evaluate(() => document.getElementById('entity-status')?.textContent);
  assert.equal(state, 'ready', `${status} ${page.problems.join(' | ')}`);
  return page;
}

test('the demo requests nothing but its own files', async () => {
  const page = await openDemo();
  // Use the page a little so lazily loaded things would show up too.
  await page.fill('#find-input', 'محمد');
  await page.press('#find-input', 'Enter');
  await page.waitForTimeout(300);
  for (const url of page.requests) {
    const parsed = new URL(url);
    assert.equal(parsed.origin, origin, `request outside the demo: ${url}`);
    const file = parsed.pathname.endsWith('/') ? `${parsed.pathname}index.html` : parsed.pathname;
    assert.ok(existsSync(join(REPO, 'www', file)), `request for a file the demo does not have: ${url}`);
  }
  assert.ok(page.requests.some((url) => url.endsWith('.wasm')));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('entity panel, legend, find, playground and paste box work, by keyboard too', async () => {
  const page = await openDemo();
  // The panel lists entities by label with counts; the article has people and places.
  const panel = await page.$$eval('#entities section', (sections) =>
    sections.map((s) => ({ label: s.className.split(' ')[0], names: [...s.querySelectorAll('button')].map((b) => b.firstChild.textContent) })),
  );
  const labels = panel.map((s) => s.label);
  assert.ok(labels.includes('PER') && labels.includes('LOC'), JSON.stringify(panel));
  assert.ok(panel.flatMap((s) => s.names).length >= 10);
  assert.match(await page.textContent('#entity-status'), /كيان/);

  // Keyboard: Tab reaches an entity button; Enter scrolls to it and announces it.
  const first = page.locator('#entities button').first();
  await first.focus();
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('#announce'), /الإشارة [1١] من/);
  assert.equal(await page.evaluate(() => CSS.highlights.get('alam-focus')?.size), 1);

  // Legend toggle (checkbox, Space) hides and shows people.
  const per = page.locator('#legend input[data-label="PER"]');
  await per.focus();
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => CSS.highlights.has('alam-PER')), false);
  await page.keyboard.press('Space');
  assert.ok(await page.evaluate(() => CSS.highlights.get('alam-PER').size > 0));

  // "/" focuses the find box; the article's مُحَمَّد, محمد and لمحمد are all found.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'find-input');
  await page.keyboard.type('محمد');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /[1١] من/.test(document.getElementById('find-status').textContent));
  const found = await page.evaluate(() => CSS.highlights.get('alam-find').size);
  assert.ok(found >= 3, `${found} matches`);
  await page.waitForTimeout(400); // the smooth scroll to the match
  await page.screenshot({ path: shot('demo-find') });

  // Normalization playground: output and the folds that fired.
  await page.fill('#norm-input', 'أَحْمَدُ فى المدرسة');
  assert.equal(await page.textContent('#norm-output'), 'احمد في المدرسه');
  const folds = await page.$$eval('#norm-folds code', (codes) => codes.map((c) => c.textContent));
  assert.deepEqual(folds.sort(), ['alef', 'diacritics', 'tehMarbuta', 'yeh']);

  // Paste box: pasted text is rendered as text and its entities join the panel.
  const before = await page.textContent('#entity-status');
  await page.fill('#paste-input', 'زار وزير الخارجية الفرنسي باريس.\n\nوالتقى في الرياض <b>بممثلي</b> الأمم المتحدة.');
  await page.click('#paste-run');
  await page.waitForFunction((b) => document.getElementById('entity-status').textContent !== b, before);
  assert.equal(await page.$$eval('#paste-output p', (ps) => ps.length), 2);
  assert.equal(await page.$$eval('#paste-output b', (bs) => bs.length), 0);
  const inPaste = await page.evaluate(() =>
    [...CSS.highlights.values()].flatMap((h) => [...h]).filter((r) => document.getElementById('paste-output').contains(r.startContainer)).length,
  );
  assert.ok(inPaste >= 1);
  await page.locator('#paste').screenshot({ path: shot('demo-paste') });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('screenshots of the demo are written to test-output/', async () => {
  const page = await openDemo();
  await page.screenshot({ path: shot('demo') });
  await page.screenshot({ path: shot('demo-full'), fullPage: true });
  await page.close();
  const marked = await openDemo('?mode=mark');
  assert.ok((await marked.$$('mark.alam')).length > 10);
  await marked.screenshot({ path: shot('demo-mark') });
  assert.deepEqual(marked.problems, []);
  await marked.close();
  assert.ok(existsSync(shot('demo')) && existsSync(shot('demo-mark')));
});
