// Names that touch across element edges (issue #12, item 6): a strip of links
// to four people is four PER entities, never one across the links. The page
// layer passes the offsets where the links begin and end to the recognizer as
// `breaks` (www/lib/collect.js); the recognizer reads them (src/wasm.rs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openFixture } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

const PEOPLE = ['محمد بن سلمان', 'محمد بن زايد', 'عبد الفتاح السيسي', 'رجب طيب أردوغان'];
const STRIP = `<p>${PEOPLE.map((name) => `<a href="#">${name}</a>`).join(' ')}</p>`;

let browser;
let server;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const engine of ['local', 'worker']) {
  for (const mode of ['highlights', 'mark']) {
    describe(`${engine} engine, ${mode} mode`, () => {
      let page;
      before(async () => {
        page = await openFixture(browser, server.url, { worker: engine === 'worker' });
      });
      after(() => page?.close());

      test('a strip of four links to people gives four PER entities', async () => {
        const persons = await page.evaluate(
          async ({ html, mode }) => {
            const root = document.getElementById('root');
            root.innerHTML = html;
            const hl = window.alam.highlight(root, { mode });
            await hl.done;
            const out = hl.entities
              .filter((g) => g.label === 'PER')
              .flatMap((g) => g.mentions.map((m) => m.range.toString()));
            hl.clear();
            return out;
          },
          { html: STRIP, mode },
        );
        assert.deepEqual(persons, PEOPLE);
      });
    });
  }
}
