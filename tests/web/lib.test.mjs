// The wasm-free building blocks (shared with the extension): text collection,
// offset location and the two painters, driven with spans computed from the
// page text itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

let browser;
let server;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, `${server.url}/fixture.html`);
  await page.evaluate(async () => {
    window.lib = {
      ...(await import('/www/lib/collect.js')),
      ...(await import('/www/lib/locate.js')),
      ...(await import('/www/lib/paint-marks.js')),
      ...(await import('/www/lib/paint-highlights.js')),
    };
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Sets the fixture root's HTML (test markup, not page text under test). */
function setRoot(html) {
  return page.evaluate((h) => {
    document.getElementById('root').innerHTML = h;
  }, html);
}

test('collect: blocks and <br> split chunks, inline elements do not, skipped subtrees are left out', async () => {
  await setRoot(
    '<h1>عنوان <i>الخبر</i></h1><p>زار <b>محمد</b> بن سلمان<br>تونس</p>' +
      '<script>var x = 1</script><style>p{}</style><textarea>نص</textarea>' +
      '<div contenteditable>تحرير</div><p data-alam-ignore>تجاهل <b>هذا</b></p>' +
      '<p class="skip">مستثنى</p><p>   </p><ul><li>أ<li>ب</ul>',
  );
  const chunks = await page.evaluate(() =>
    window.lib.collectChunks(document.getElementById('root'), { exclude: '.skip' }).map((c) => ({
      text: c.text,
      nodes: c.nodes.map((n) => n.data),
      starts: c.starts,
    })),
  );
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['عنوان الخبر', 'زار محمد بن سلمان', 'تونس', 'أ', 'ب'],
  );
  assert.deepEqual(chunks[1].nodes, ['زار ', 'محمد', ' بن سلمان']);
  assert.deepEqual(chunks[1].starts, [0, 4, 8]);
});

test('collect: bad exclude selectors are a TypeError', async () => {
  const message = await page.evaluate(() => {
    try {
      window.lib.collectChunks(document.body, { exclude: '[[[' });
      return 'no error';
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  });
  assert.match(message, /^TypeError: .*exclude/);
});

test('locate: ranges across inline elements read back the exact span', async () => {
  await setRoot('<p>قال <a href="#">عبد <b>الله</b></a> إن الوفد وصل</p>');
  const texts = await page.evaluate(() => {
    const [chunk] = window.lib.collectChunks(document.getElementById('root'));
    const spans = [['عبد الله', 0], ['الله', 0], ['قال', 0], ['وصل', 0], [' ', 0]];
    return spans.map(([word]) => {
      const start = chunk.text.indexOf(word);
      return window.lib.locate(chunk, start, start + word.length).toString();
    });
  });
  assert.deepEqual(texts, ['عبد الله', 'الله', 'قال', 'وصل', ' ']);
});

test('locate: a span outside the chunk is a RangeError', async () => {
  const name = await page.evaluate(() => {
    const [chunk] = window.lib.collectChunks(document.getElementById('root'));
    try {
      window.lib.locate(chunk, 0, chunk.text.length + 1);
      return 'no error';
    } catch (error) {
      return error.name;
    }
  });
  assert.equal(name, 'RangeError');
});

test('marks: wrapping then clear() restores byte-identical innerHTML and the same text nodes', async () => {
  const html =
    '<p>زار <b>الرئيس محمد</b> بن سلمان مدينة <i>الر</i>باط، ثم <span>تونس</span>.</p><p>وفي القاهرة</p>';
  await setRoot(html);
  const result = await page.evaluate(() => {
    const root = document.getElementById('root');
    const before = root.innerHTML;
    const textNodes = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) textNodes.push(walker.currentNode);
    const painter = new window.lib.MarkPainter({ doc: document });
    const chunks = window.lib.collectChunks(root);
    const marked = [];
    for (const chunk of chunks) {
      const spans = [];
      for (const [word, label] of [['محمد بن سلمان', 'PER'], ['الرباط', 'LOC'], ['تونس', 'LOC'], ['القاهرة', 'LOC']]) {
        const start = chunk.text.indexOf(word);
        if (start >= 0) spans.push({ start, end: start + word.length, label, key: word, title: label });
      }
      spans.sort((a, b) => a.start - b.start);
      const anchors = painter.paint(chunk, spans);
      anchors.forEach((a) => marked.push(a.marks.map((e) => e.textContent).join('')));
    }
    const during = root.innerHTML;
    const markCount = root.querySelectorAll('mark.alam[data-alam-key]').length;
    painter.setVisible('LOC', false);
    const hidden = root.querySelectorAll('mark[data-alam-hidden]').length;
    painter.clear();
    const after = [];
    const walker2 = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker2.nextNode()) after.push(walker2.currentNode);
    return {
      before,
      during,
      markCount,
      hidden,
      marked,
      afterHtml: root.innerHTML,
      sameNodes: after.length === textNodes.length && after.every((n, i) => n === textNodes[i]),
    };
  });
  assert.deepEqual(result.marked, ['محمد بن سلمان', 'الرباط', 'تونس', 'القاهرة']);
  assert.equal(result.markCount, 6, 'محمد بن سلمان and الرباط cross inline elements: two marks each');
  assert.equal(result.hidden, 4);
  assert.notEqual(result.during, result.before);
  assert.equal(result.afterHtml, result.before);
  assert.ok(result.sameNodes, 'clear() merges back into the original text nodes');
});

test('highlights painter: own names only, toggles, shared names survive another painter clearing', async () => {
  await setRoot('<p>محمد في تونس</p>');
  const result = await page.evaluate(() => {
    const root = document.getElementById('root');
    const [chunk] = window.lib.collectChunks(root);
    CSS.highlights.set('other-script', new Highlight());
    const a = new window.lib.HighlightPainter();
    const b = new window.lib.HighlightPainter();
    a.paint(chunk, [{ start: 0, end: 4, label: 'PER', key: 'a' }, { start: 8, end: 12, label: 'LOC', key: 'b' }]);
    b.paint(chunk, [{ start: 0, end: 4, label: 'PER', key: 'a' }]);
    a.flush();
    b.flush();
    const sizes = () => ({ PER: CSS.highlights.get('alam-PER')?.size ?? 0, LOC: CSS.highlights.get('alam-LOC')?.size ?? 0 });
    const start = sizes();
    a.setVisible('LOC', false);
    const hidden = sizes();
    a.setVisible('LOC', true);
    const shown = sizes();
    a.clear();
    const afterA = sizes();
    b.clear();
    return { start, hidden, shown, afterA, names: [...CSS.highlights.keys()] };
  });
  assert.deepEqual(result.start, { PER: 2, LOC: 1 });
  assert.deepEqual(result.hidden, { PER: 2, LOC: 0 });
  assert.deepEqual(result.shown, { PER: 2, LOC: 1 });
  assert.deepEqual(result.afterA, { PER: 1, LOC: 0 });
  assert.deepEqual(result.names, ['other-script']);
});

test('highlights painter: staged ranges show at flush(), not for hidden labels, and clear() drops them', async () => {
  await setRoot('<p>محمد في تونس</p>');
  const result = await page.evaluate(() => {
    const root = document.getElementById('root');
    const [chunk] = window.lib.collectChunks(root);
    const painter = new window.lib.HighlightPainter();
    const sizes = () => ({ PER: CSS.highlights.get('alam-PER')?.size ?? 0, LOC: CSS.highlights.get('alam-LOC')?.size ?? 0 });
    painter.setVisible('LOC', false);
    painter.stage('PER', window.lib.locate(chunk, 0, 4));
    painter.stage('LOC', window.lib.locate(chunk, 8, 12));
    const staged = sizes();
    painter.flush();
    const flushed = sizes();
    painter.setVisible('LOC', true);
    const shown = sizes();
    painter.stage('PER', window.lib.locate(chunk, 5, 7));
    painter.clear();
    painter.flush();
    return { staged, flushed, shown, cleared: sizes(), labels: [...painter.labels] };
  });
  assert.deepEqual(result.staged, { PER: 0, LOC: 0 });
  assert.deepEqual(result.flushed, { PER: 1, LOC: 0 });
  assert.deepEqual(result.shown, { PER: 1, LOC: 1 });
  assert.deepEqual(result.cleared, { PER: 0, LOC: 0 });
  assert.deepEqual(result.labels, []);
});

test('highlights painter: clear() parks the Ranges it made, and the focused mention is a copy', async () => {
  await setRoot('<p>محمد في تونس</p>');
  const result = await page.evaluate(() => {
    const root = document.getElementById('root');
    const [chunk] = window.lib.collectChunks(root);
    const painter = new window.lib.HighlightPainter();
    const [anchor] = painter.paint(chunk, [{ start: 8, end: 12, label: 'LOC', key: 'تونس' }]);
    painter.flush();
    painter.focus(anchor);
    const focused = [...CSS.highlights.get('alam-focus')].map(String);
    const range = anchor.range;
    painter.clear();
    return { focused, inPage: root.contains(range.startContainer), names: [...CSS.highlights.keys()].filter((n) => n.startsWith('alam')) };
  });
  assert.deepEqual(result, { focused: ['تونس'], inPage: false, names: [] });
});
