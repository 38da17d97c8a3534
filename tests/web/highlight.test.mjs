// highlight() against the real wasm recognizer, in both painting modes and
// with both engines (main thread and Web Worker). User names (the `names`
// option) make the fixtures deterministic; the recognizer may find more, and
// every mention it reports must read back exactly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, launchBrowser, openFixture } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

const NAMES = [
  { text: 'سامي الخطيب', label: 'PER' },
  { text: 'نادية السويدي', label: 'PER' },
  { text: 'بيروت', label: 'LOC' },
  { text: 'الرباط', label: 'LOC' },
  { text: 'البنك الدولي', label: 'ORG' },
];

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

/**
 * In the page: puts `html` in #root (test markup), highlights it and
 * summarises the result. Runs in the browser.
 */
async function highlightIn(page, html, options) {
  return page.evaluate(
    async ({ html, options }) => {
      const root = document.getElementById('root');
      window.hl?.clear();
      root.innerHTML = html;
      const before = root.innerHTML;
      const hl = window.alam.highlight(root, options);
      window.hl = hl;
      await hl.done;
      return {
        before,
        mode: hl.mode,
        groups: hl.entities.map((g) => ({
          key: g.key,
          label: g.label,
          mentions: g.mentions.map((m) => ({ text: m.text, range: m.range.toString(), marks: m.marks.length })),
        })),
        marks: root.querySelectorAll('mark.alam[data-alam-key]').length,
      };
    },
    { html, options },
  );
}

/** The mention texts of `label` in a summary, in document order. */
const textsOf = (summary, label) =>
  summary.groups.filter((g) => g.label === label).flatMap((g) => g.mentions.map((m) => m.text));

for (const engine of ['local', 'worker']) {
  for (const mode of ['highlights', 'mark']) {
    describe(`${engine} engine, ${mode} mode`, () => {
      let page;
      before(async () => {
        page = await openFixture(browser, server.url, { worker: engine === 'worker' });
      });
      after(() => page?.close());

      test('every range reads back exactly its mention, and the expected names are found', async () => {
        const summary = await highlightIn(
          page,
          '<p>التقى سامي الخطيب نادية السويدي في بيروت، ثم سافرا إلى الرباط لحضور اجتماع البنك الدولي.</p>',
          { mode, names: NAMES },
        );
        assert.equal(summary.mode, mode);
        for (const group of summary.groups) {
          for (const mention of group.mentions) assert.equal(mention.range, mention.text, `range of ${group.key}`);
        }
        assert.deepEqual(textsOf(summary, 'PER'), ['سامي الخطيب', 'نادية السويدي']);
        assert.deepEqual(textsOf(summary, 'LOC'), ['بيروت', 'الرباط']);
        assert.deepEqual(textsOf(summary, 'ORG'), ['البنك الدولي']);
        const mentions = summary.groups.reduce((n, g) => n + g.mentions.length, 0);
        if (mode === 'mark') assert.equal(summary.marks, mentions);
        else assert.equal(summary.marks, 0);
      });

      test('mentions of one entity share a group', async () => {
        const summary = await highlightIn(page, '<p>زار سامي الخطيب الرباط.</p><p>وقال سامي الخطيب إن الرباط جميلة.</p>', {
          mode,
          names: NAMES,
        });
        const sami = summary.groups.filter((g) => g.key.includes('الخطيب'));
        assert.equal(sami.length, 1);
        assert.equal(sami[0].mentions.length, 2);
        const rabat = summary.groups.filter((g) => g.label === 'LOC' && g.key.includes('الرباط'));
        assert.equal(rabat.length, 1);
        assert.equal(rabat[0].mentions.length, 2);
      });

      test('an entity split by <b> is found once', async () => {
        const summary = await highlightIn(page, '<p>قال سامي <b>الخطيب</b> إن الوفد وصل.</p>', { mode, names: NAMES });
        const per = summary.groups.filter((g) => g.label === 'PER').flatMap((g) => g.mentions);
        assert.equal(per.length, 1);
        assert.equal(per[0].text, 'سامي الخطيب');
        assert.equal(per[0].range, 'سامي الخطيب');
        if (mode === 'mark') assert.equal(per[0].marks, 2, 'one mark on each side of <b>');
      });

      test('a name across two paragraphs is not joined', async () => {
        const summary = await highlightIn(page, '<p>قال سامي</p><p>الخطيب إن الوفد وصل.</p>', { mode, names: NAMES });
        assert.deepEqual(textsOf(summary, 'PER').filter((t) => t.includes('سامي') && t.includes('الخطيب')), []);
      });

      test('label toggles hide and show', async () => {
        await highlightIn(page, '<p>التقى سامي الخطيب في بيروت.</p>', { mode, names: NAMES });
        const state = () =>
          page.evaluate(() => {
            const root = document.getElementById('root');
            if (window.hl.mode === 'highlights') {
              return { PER: CSS.highlights.get('alam-PER')?.size ?? 0, LOC: CSS.highlights.get('alam-LOC')?.size ?? 0 };
            }
            const shown = (label) =>
              [...root.querySelectorAll(`mark.alam-${label}`)].filter((m) => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)').length;
            return { PER: shown('PER'), LOC: shown('LOC') };
          });
        const start = await state();
        assert.ok(start.PER >= 1 && start.LOC >= 1, JSON.stringify(start));
        await page.evaluate(() => window.hl.setVisible('PER', false));
        assert.deepEqual(await state(), { PER: 0, LOC: start.LOC });
        assert.equal(await page.evaluate(() => window.hl.isVisible('PER')), false);
        await page.evaluate(() => window.hl.setVisible('PER', true));
        assert.deepEqual(await state(), start);
        // Hidden labels stay hidden across refresh().
        await page.evaluate(async () => {
          window.hl.setVisible('LOC', false);
          await window.hl.refresh();
        });
        assert.deepEqual(await state(), { PER: start.PER, LOC: 0 });
      });

      test('clear() gives back byte-identical innerHTML; re-running never nests marks', async () => {
        const html =
          '<p class="lead">قال <a href="/x">سامي <b>الخطيب</b></a>، من <i>بيروت</i>: «البنك الدولي  يدعم الرباط».</p>' +
          '<ul><li>نادية السويدي<br>بيروت</li></ul><!-- تعليق --><p data-alam-ignore>سامي الخطيب</p>';
        const result = await page.evaluate(
          async ({ html, names }) => {
            const root = document.getElementById('root');
            window.hl?.clear();
            root.innerHTML = html;
            const before = root.innerHTML;
            const first = window.alam.highlight(root, { mode: window.testMode, names });
            await first.done;
            const during = root.innerHTML;
            const mentions = first.entities.length;
            const second = window.alam.highlight(root, { mode: window.testMode, names });
            await second.done;
            const nested = root.querySelectorAll('mark mark').length;
            const marks = root.querySelectorAll('mark').length;
            await second.refresh();
            const marksAfterRefresh = root.querySelectorAll('mark').length;
            second.clear();
            return { before, during, after: root.innerHTML, nested, marks, marksAfterRefresh, mentions, firstCleared: first.entities.length === 0 };
          },
          { html, names: NAMES, mode },
        );
        assert.ok(result.mentions >= 4, `${result.mentions} entities`);
        assert.ok(result.firstCleared, 'a second highlight() of the root replaces the first');
        assert.equal(result.nested, 0);
        assert.equal(result.marksAfterRefresh, result.marks);
        if (mode === 'mark') assert.notEqual(result.during, result.before);
        else assert.equal(result.during, result.before, 'highlights mode never touches the DOM');
        assert.equal(result.after, result.before);
      });

      test('markup written as text stays text: no new element, only marks', async () => {
        const result = await page.evaluate(async (names) => {
          const root = document.getElementById('root');
          window.hl?.clear();
          root.replaceChildren();
          const p = document.createElement('p');
          p.textContent = 'كتب سامي الخطيب <img src=x onerror=alert(1)> من بيروت <script>alert(2)</script>';
          root.append(p);
          let dialogs = 0;
          window.alert = () => dialogs++;
          const hl = window.alam.highlight(root, { mode: window.testMode, names });
          window.hl = hl;
          await hl.done;
          await new Promise((r) => setTimeout(r, 100));
          return {
            elements: [...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
            text: root.textContent,
            mentions: hl.entities.flatMap((g) => g.mentions.map((m) => m.range.toString())),
            dialogs,
          };
        }, NAMES);
        const expected = mode === 'mark' ? ['p', ...result.mentions.map(() => 'mark')] : ['p'];
        assert.deepEqual(result.elements, expected);
        assert.ok(result.mentions.includes('سامي الخطيب'));
        assert.ok(result.text.includes('<img src=x onerror=alert(1)>'));
        assert.equal(result.dialogs, 0);
      });

      test('with observe, a paragraph appended later gets highlighted', async () => {
        const result = await page.evaluate(async (names) => {
          const root = document.getElementById('root');
          window.hl?.clear();
          root.replaceChildren();
          const first = document.createElement('p');
          first.textContent = 'وصل سامي الخطيب.';
          root.append(first);
          const hl = window.alam.highlight(root, { mode: window.testMode, names, observe: true });
          window.hl = hl;
          await hl.done;
          const before = hl.entities.flatMap((g) => g.mentions).length;
          const next = new Promise((resolve) => hl.addEventListener('done', resolve, { once: true }));
          const later = document.createElement('p');
          later.textContent = 'ثم وصلت نادية السويدي إلى بيروت.';
          root.append(later);
          await next;
          const inLater = hl.entities
            .flatMap((g) => g.mentions)
            .filter((m) => later.contains(m.range.commonAncestorContainer))
            .map((m) => m.range.toString());
          // Exactly the current mentions are painted: nothing left from the first run.
          const mentions = hl.entities.flatMap((g) => g.mentions).length;
          const painted =
            hl.mode === 'mark'
              ? root.querySelectorAll('mark.alam[data-alam-key]').length
              : ['PER', 'LOC', 'ORG', 'MISC'].reduce((n, l) => n + (CSS.highlights.get(`alam-${l}`)?.size ?? 0), 0);
          hl.clear();
          return { before, inLater, mentions, painted };
        }, NAMES);
        assert.equal(result.painted, result.mentions);
        assert.ok(result.before >= 1);
        assert.ok(result.inLater.includes('نادية السويدي'), JSON.stringify(result.inLater));
        assert.ok(result.inLater.includes('بيروت'), JSON.stringify(result.inLater));
      });

      test('labels limit what is painted', async () => {
        const summary = await highlightIn(page, '<p>التقى سامي الخطيب في بيروت.</p>', { mode, names: NAMES, labels: ['LOC'] });
        assert.deepEqual(summary.groups.map((g) => g.label), ['LOC']);
      });

      test('exclude skips a subtree', async () => {
        const summary = await highlightIn(page, '<p>سامي الخطيب</p><p class="aside">نادية السويدي</p>', {
          mode,
          names: NAMES,
          exclude: '.aside',
        });
        assert.deepEqual(textsOf(summary, 'PER'), ['سامي الخطيب']);
      });

      before(async () => {
        await page.evaluate((m) => {
          window.testMode = m;
        }, mode);
      });
    });
  }
}

// Every engine `make test` runs (README, Browser support) has the CSS Custom
// Highlight API, so 'auto' paints with it; an engine without it gets <mark>s,
// and this test names it rather than passing quietly.
test(`mode 'auto' paints with the CSS Custom Highlight API in ${ENGINE}`, async () => {
  const page = await openFixture(browser, server.url);
  const result = await page.evaluate(async (names) => {
    const root = document.getElementById('root');
    root.innerHTML = '<p>التقى سامي الخطيب في بيروت.</p>';
    const hl = window.alam.highlight(root, { names });
    await hl.done;
    const supported = typeof Highlight === 'function' && 'highlights' in CSS;
    const ranges = CSS.highlights.get('alam-PER')?.size ?? 0;
    hl.clear();
    return { supported, mode: hl.mode, ranges, marks: root.querySelectorAll('mark').length };
  }, NAMES);
  assert.equal(result.mode, result.supported ? 'highlights' : 'mark');
  assert.ok(result.supported, `${ENGINE} has no CSS Custom Highlight API: alam falls back to <mark> there`);
  assert.deepEqual({ ranges: result.ranges, marks: result.marks }, { ranges: 1, marks: 0 });
  await page.close();
});

describe('mark mode on a long page', () => {
  let page;
  before(async () => {
    page = await openFixture(browser, server.url);
  });
  after(() => page?.close());

  test('each slice lays out the marks it wrote: no frame finds a pile of layout waiting', async () => {
    const result = await page.evaluate(async (names) => {
      const root = document.getElementById('root');
      window.hl?.clear();
      root.replaceChildren();
      for (let i = 0; i < 2500; i++) {
        const p = document.createElement('p');
        p.textContent = `${i}. التقى سامي الخطيب نادية السويدي في بيروت، ثم سافرا إلى الرباط لحضور اجتماع البنك الدولي.`;
        root.append(p);
      }
      const before = root.innerHTML;
      document.body.offsetHeight;
      // At each frame during the run, time the layout still owed: alam's
      // slices lay out their own marks, so it stays small.
      const frames = [];
      let running = true;
      const onFrame = () => {
        if (!running) return;
        const marks = root.querySelectorAll('mark').length;
        const started = performance.now();
        document.body.offsetHeight;
        frames.push({ marks, layoutMs: performance.now() - started });
        requestAnimationFrame(onFrame);
      };
      requestAnimationFrame(onFrame);
      const hl = window.alam.highlight(root, { mode: 'mark', names });
      await hl.done;
      running = false;
      const mentions = hl.entities.reduce((n, g) => n + g.mentions.length, 0);
      const marks = root.querySelectorAll('mark.alam[data-alam-key]').length;
      hl.clear();
      const midRun = frames.filter((f) => f.marks > 0 && f.marks < marks);
      return {
        mentions,
        marks,
        midRun: midRun.length,
        worstLayoutMs: Math.max(0, ...midRun.map((f) => f.layoutMs)),
        restored: root.innerHTML === before,
        oneTextNodeEach: [...root.children].every((p) => p.childNodes.length === 1),
      };
    }, NAMES);
    assert.ok(result.mentions >= 2500 * 5, `${result.mentions} mentions`);
    assert.equal(result.marks, result.mentions);
    assert.ok(result.midRun >= 1, 'the marks went in over several tasks, with frames between them');
    assert.ok(result.worstLayoutMs < 50, `a frame found ${result.worstLayoutMs.toFixed(1)} ms of layout waiting`);
    assert.ok(result.restored, 'clear() gives back byte-identical innerHTML');
    assert.ok(result.oneTextNodeEach, 'clear() merges every split back into one text node');
  });

  test('clear() puts back text the page rearranged meanwhile, and names that open a text node', async () => {
    const result = await page.evaluate(async (names) => {
      const root = document.getElementById('root');
      window.hl?.clear();
      root.innerHTML = '<p>سامي الخطيب زار بيروت ثم الرباط.</p><p>وصلت نادية السويدي إلى بيروت.</p>';
      const [first, second] = root.children;
      const hl = window.alam.highlight(root, { mode: 'mark', names });
      await hl.done;
      const marked = first.querySelectorAll('mark').length + second.querySelectorAll('mark').length;
      // The page puts an element of its own between the second paragraph's
      // first piece and its first mark.
      const own = document.createElement('span');
      own.textContent = '!';
      second.firstChild.after(own);
      hl.clear();
      return {
        marked,
        first: first.innerHTML,
        firstNodes: first.childNodes.length,
        text: second.textContent,
        marksLeft: root.querySelectorAll('mark').length,
      };
    }, NAMES);
    assert.ok(result.marked >= 5, `${result.marked} marks`);
    assert.equal(result.first, 'سامي الخطيب زار بيروت ثم الرباط.');
    assert.equal(result.firstNodes, 1, 'a paragraph whose text opens with a name is one text node again');
    assert.equal(result.text, 'وصلت !نادية السويدي إلى بيروت.');
    assert.equal(result.marksLeft, 0);
  });
});
