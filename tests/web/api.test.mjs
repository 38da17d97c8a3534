// The public API's contract: init() once, clear errors before init and for bad
// arguments, the text-level functions, and a strict Content-Security-Policy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openFixture, openPage } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

const NOINIT_JS = `import * as alam from '/www/alam.js';
window.alam = alam;
window.alamLoaded = true;
`;
const NOINIT_HTML = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<script type="module" src="/noinit.js"></script></head><body><p id="root">سامي الخطيب</p></body></html>`;

// The CSP page builds its DOM without HTML strings: Trusted Types are enforced,
// so any innerHTML/insertAdjacentHTML/eval with a string would throw.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";
const CSP_HTML = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<link rel="stylesheet" href="/www/alam.css"><script type="module" src="/csp.js"></script></head>
<body><main id="root"></main></body></html>`;
const CSP_JS = `import * as alam from '/www/alam.js';
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
const worker = new URLSearchParams(location.search).has('worker');
try {
  await alam.init({ worker });
  await alam.addNames([{ text: 'سامي الخطيب', label: 'PER' }, { text: 'بيروت', label: 'LOC' }]);
  const root = document.getElementById('root');
  const p = document.createElement('p');
  p.append('قال سامي ', Object.assign(document.createElement('b'), { textContent: 'الخطيب' }), ' في بيروت: وصل مُحَمَّدٌ.');
  root.append(p);
  const results = {};
  for (const mode of ['highlights', 'mark']) {
    const hl = alam.highlight(root, { mode });
    await hl.done;
    const finder = alam.find(root, 'محمد', { mode });
    await finder.done;
    results[mode] = {
      mentions: hl.entities.flatMap((g) => g.mentions.map((m) => m.range.toString())),
      found: finder.matches.map((m) => m.range.toString()),
    };
    finder.clear();
    hl.clear();
  }
  window.cspResult = { results, violations };
} catch (error) {
  window.cspResult = { error: String(error), violations };
}
`;

let browser;
let server;

before(async () => {
  server = await startServer({
    pages: { '/noinit.html': NOINIT_HTML, '/noinit.js': NOINIT_JS, '/csp.html': CSP_HTML, '/csp.js': CSP_JS },
    headersFor: (path) => (path.startsWith('/csp') ? { 'content-security-policy': CSP } : {}),
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Calls `fn` in the page and returns "Name: message" of what it throws. */
function thrown(page, fn, arg) {
  return page.evaluate(
    async ({ source, arg }) => {
      try {
        await (0, eval)(`(${source})`)(window.alam, arg);
        return 'no error';
      } catch (error) {
        return `${error.name}: ${error.message}`;
      }
    },
    { source: fn.toString(), arg },
  );
}

test('before init() every function throws a clear Error', async () => {
  const page = await openPage(browser, `${server.url}/noinit.html`);
  await page.waitForFunction(() => window.alamLoaded);
  for (const call of [
    (a) => a.highlight(document.body),
    (a) => a.find(document.body, 'x'),
    (a) => a.normalize('x'),
    (a) => a.addNames([]),
  ]) {
    assert.match(await thrown(page, call), /^Error: alam: \w+\(\) called before init\(\) finished; call `await init\(\)` first$/);
  }
  await page.close();
});

test('init() twice is a no-op returning the same promise', async () => {
  const page = await openFixture(browser, server.url);
  const same = await page.evaluate(async () => {
    const a = window.alam.init();
    const b = window.alam.init({ worker: true });
    await b;
    return a === b;
  });
  assert.ok(same);
  await page.close();
});

test('bad arguments throw TypeError with a message', async () => {
  const page = await openFixture(browser, server.url);
  const cases = [
    [(a) => a.highlight('article'), /root must be an Element/],
    [(a) => a.highlight(null), /root must be an Element/],
    [(a) => a.highlight(document.body, { mode: 'paint' }), /mode must be 'auto', 'highlights' or 'mark'/],
    [(a) => a.highlight(document.body, { labels: ['PERSON'] }), /labels must be an array of PER, LOC, ORG, MISC/],
    [(a) => a.highlight(document.body, { exclude: '[[' }), /exclude` is not a valid selector/],
    [(a) => a.highlight(document.body, { observe: 'yes' }), /observe` must be a boolean/],
    [(a) => a.highlight(document.body, { classPrefix: '1 x' }), /classPrefix must be a CSS identifier/],
    [(a) => a.highlight(document.body, { names: [{ text: 'x', label: 'CITY' }] }), /names\[0\]\.label must be one of/],
    [(a) => a.addNames('سامي'), /names must be an array/],
    [(a) => a.entities(7), /text must be a string/],
    [(a) => a.normalize('x', { nope: true }), /unknown normalize option/],
    [(a) => a.highlight(document.body).setVisible('CITY', false), /setVisible\(\) label must be one of/],
  ];
  for (const [call, message] of cases) {
    const got = await thrown(page, call);
    assert.match(got, /^TypeError: /, `${call}: ${got}`);
    assert.match(got, message, `${call}: ${got}`);
  }
  await page.close();
});

test('text-level functions: normalize, normalizeMapped (folds), entities', async () => {
  const page = await openFixture(browser, server.url);
  const result = await page.evaluate(async () => {
    await window.alam.addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
    const mapped = window.alam.normalizeMapped('مُحَمَّد');
    return {
      normalized: window.alam.normalize('أَحْمَد'),
      mapped: { text: mapped.text, folds: mapped.folds, starts: [...mapped.starts] },
      entities: window.alam.entities('قال سامي الخطيب إن').map((e) => [e.text, e.label]),
      labels: window.alam.entities('قال سامي الخطيب إن', { labels: ['LOC'] }).length,
    };
  });
  assert.equal(result.normalized, 'احمد');
  assert.equal(result.mapped.text, 'محمد');
  assert.ok(result.mapped.folds.diacritics >= 3);
  assert.deepEqual(result.entities, [['سامي الخطيب', 'PER']]);
  assert.equal(result.labels, 0);
  await page.close();
});

for (const engine of ['local', 'worker']) {
  test(`${engine} engine: a page served with CSP script-src 'self' 'wasm-unsafe-eval' (and Trusted Types) works`, async () => {
    const page = await openPage(browser, `${server.url}/csp.html${engine === 'worker' ? '?worker' : ''}`);
    await page.waitForFunction(() => window.cspResult, null, { timeout: 20000 });
    const result = await page.evaluate(() => window.cspResult);
    assert.equal(result.error, undefined);
    assert.deepEqual(result.violations, []);
    for (const mode of ['highlights', 'mark']) {
      assert.ok(result.results[mode].mentions.includes('سامي الخطيب'), `${mode}: ${JSON.stringify(result.results[mode])}`);
      assert.ok(result.results[mode].mentions.includes('بيروت'));
      assert.deepEqual(result.results[mode].found, ['مُحَمَّدٌ']);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}
