// The publishable folder pkg/ (written by `make wasm` via scripts/make-package.mjs):
// its package.json, and a site that imports it by name through an import map.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage } from './helpers/browser.mjs';
import { REPO, startServer } from './helpers/server.mjs';

const PKG = join(REPO, 'pkg');

const SITE_HTML = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<script type="importmap">{"imports": {"alam": "/pkg/alam.js"}}</script>
<link rel="stylesheet" href="/pkg/alam.css"><script type="module" src="/site.js"></script></head>
<body><article><p>قال سامي الخطيب في بيروت إن الاجتماع انتهى.</p></article></body></html>`;
const SITE_JS = `import { init, highlight, addNames } from 'alam';
await init();
await addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
const hl = highlight(document.querySelector('article'));
await hl.done;
window.siteResult = hl.entities.flatMap((g) => g.mentions.map((m) => [g.label, m.range.toString()]));
`;

let browser;
let server;

before(async () => {
  assert.ok(existsSync(join(PKG, 'package.json')), 'pkg/ is missing: run `make wasm` first');
  server = await startServer({ pages: { '/site.html': SITE_HTML, '/site.js': SITE_JS }, links: { pkg: 'pkg' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('pkg/package.json describes an ES module package named alam with the crate version', () => {
  const manifest = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8'));
  const crateVersion = readFileSync(join(REPO, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(manifest.name, 'alam');
  assert.equal(manifest.version, crateVersion);
  assert.equal(manifest.type, 'module');
  assert.equal(manifest.license, 'MIT AND CC-BY-SA-4.0');
  assert.deepEqual(manifest.exports['.'], { types: './alam.d.ts', default: './alam.js' });
  assert.equal(manifest.types, './alam.d.ts');
  for (const file of ['alam.js', 'alam.d.ts', 'alam.css', 'worker.js', 'lib/collect.js', 'wasm/alam.js', 'wasm/alam_bg.wasm', 'wasm/alam.d.ts', 'README.md', 'NOTICE.md']) {
    assert.ok(existsSync(join(PKG, file)), `pkg/${file}`);
  }
  assert.match(readFileSync(join(PKG, 'alam.js'), 'utf8'), /from '\.\/wasm\/alam\.js'/);
});

test("a site imports { init, highlight } from 'alam' and it works", async () => {
  const page = await openPage(browser, `${server.url}/site.html`);
  await page.waitForFunction(() => window.siteResult, null, { timeout: 20000 });
  const result = await page.evaluate(() => window.siteResult);
  assert.ok(result.some(([label, text]) => label === 'PER' && text === 'سامي الخطيب'), JSON.stringify(result));
  assert.deepEqual(page.problems, []);
  await page.close();
});
