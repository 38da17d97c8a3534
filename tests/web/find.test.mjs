// find(): diacritic-, letter-variant- and clitic-insensitive find-in-page over
// the real wasm `find`, in both painting modes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openFixture } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

let browser;
let server;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openFixture(browser, server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs find() over `html` in the page; returns the match texts and DOM facts. */
function findIn(html, query, mode) {
  return page.evaluate(
    async ({ html, query, mode }) => {
      const root = document.getElementById('root');
      root.innerHTML = html;
      const before = root.innerHTML;
      const finder = window.alam.find(root, query, { mode });
      await finder.done;
      const result = {
        mode: finder.mode,
        texts: finder.matches.map((m) => m.text),
        ranges: finder.matches.map((m) => m.range.toString()),
        marks: root.querySelectorAll('mark.alam-find').length,
        highlight: CSS.highlights.get('alam-find')?.size ?? 0,
      };
      finder.clear();
      result.restored = root.innerHTML === before;
      result.highlightAfter = CSS.highlights.get('alam-find')?.size ?? 0;
      return result;
    },
    { html, query, mode },
  );
}

for (const mode of ['highlights', 'mark']) {
  test(`${mode}: a bare query finds diacritized and clitic-attached forms`, async () => {
    const result = await findIn(
      '<p>قال مُحَمَّدٌ إن ومحمد وصل، وكتب <b>محمد</b> الرسالة.</p><p>لا علاقة لمحمود بهذا.</p>',
      'محمد',
      mode,
    );
    assert.equal(result.mode, mode);
    assert.deepEqual(result.texts, ['مُحَمَّدٌ', 'محمد', 'محمد']);
    assert.deepEqual(result.ranges, result.texts);
    if (mode === 'mark') assert.equal(result.marks, 3);
    else assert.equal(result.highlight, 3);
    assert.ok(result.restored);
    assert.equal(result.highlightAfter, 0);
  });

  test(`${mode}: letter variants and a preposition clitic; the span leaves the clitic out`, async () => {
    const result = await findIn('<p>سافر إلى المغرب ثم عاد بالمغرب إلى أرض المَغْرِب.</p>', 'المغرب', mode);
    assert.deepEqual(result.texts, ['المغرب', 'المغرب', 'المَغْرِب']);
    const alef = await findIn('<p>قال أحمد وإحمد وآحمد</p>', 'احمد', mode);
    assert.equal(alef.texts.length, 3);
  });

  test(`${mode}: a two-word query across an inline element`, async () => {
    const result = await findIn('<p>أعلن البنك <i>الدولي</i> أمس أن البنك الدولي سيدعم</p>', 'البنك الدولي', mode);
    assert.deepEqual(result.ranges, ['البنك الدولي', 'البنك الدولي']);
  });
}

test('an empty query matches nothing; a non-string query is a TypeError', async () => {
  const result = await findIn('<p>محمد</p>', '   ', 'highlights');
  assert.deepEqual(result.texts, []);
  const error = await page.evaluate(() => {
    try {
      window.alam.find(document.body, 42);
      return 'no error';
    } catch (e) {
      return `${e.name}: ${e.message}`;
    }
  });
  assert.match(error, /^TypeError: alam: find\(\) query must be a string/);
});

for (const order of ['highlighter first', 'finder first']) {
  test(`mark mode: find matches inside entity marks; clearing ${order} restores the exact DOM`, async () => {
    const result = await page.evaluate(async (order) => {
      const root = document.getElementById('root');
      root.innerHTML = '<p>قال سامي <b>الخطيب</b> إن مُحَمَّدًا وسامي الخطيب وصلا.</p>';
      const before = root.innerHTML;
      await window.alam.addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
      const hl = window.alam.highlight(root, { mode: 'mark' });
      await hl.done;
      const finder = window.alam.find(root, 'سامي', { mode: 'mark' });
      await finder.done;
      const found = finder.matches.map((m) => m.range.toString());
      const insideEntity = root.querySelectorAll('mark.alam-PER mark.alam-find').length;
      if (order === 'highlighter first') {
        hl.clear();
        await finder.done; // the finder is repainted on the bare text
        const refound = finder.matches.map((m) => m.range.toString());
        const entityMarks = root.querySelectorAll('mark.alam-PER').length;
        finder.clear();
        return { before, after: root.innerHTML, found, insideEntity, refound, entityMarks };
      }
      finder.clear();
      const findMarks = root.querySelectorAll('mark.alam-find').length;
      const entities = hl.entities.length;
      hl.clear();
      return { before, after: root.innerHTML, found, insideEntity, findMarks, entities };
    }, order);
    assert.deepEqual(result.found, ['سامي', 'سامي']);
    assert.equal(result.insideEntity, 2);
    if (order === 'highlighter first') {
      assert.deepEqual(result.refound, ['سامي', 'سامي']);
      assert.equal(result.entityMarks, 0);
    } else {
      assert.equal(result.findMarks, 0);
      assert.ok(result.entities >= 1);
    }
    assert.equal(result.after, result.before);
  });
}
