// The worker pool: init({worker: true, workers: n}) spreads the batches of a
// long page over n Web Workers. The pool must find exactly what the main-thread
// engine finds, apply user names on every worker, validate `workers`, and
// still clean up: clear() restores the page, dispose() stops every worker.
// The test page counts the workers alam starts and what each is sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { articleSentences, seededRandom } from './helpers/article.mjs';
import { launchBrowser, openPage } from './helpers/browser.mjs';
import { REPO, startServer } from './helpers/server.mjs';

// Every Worker alam creates is a LoggedWorker: it records the kind of each
// call posted to it, how many answers came back and whether it was
// terminated. `?noinit` leaves init() to the test.
const POOL_JS = `import * as alam from '/www/alam.js';
const params = new URLSearchParams(location.search);
const logs = [];
window.Worker = class LoggedWorker extends Worker {
  constructor(...args) {
    super(...args);
    this.log = { kinds: [], answers: 0, terminated: false };
    logs.push(this.log);
    this.addEventListener('message', () => this.log.answers++);
  }
  postMessage(message, ...rest) {
    this.log.kinds.push(message.kind);
    return super.postMessage(message, ...rest);
  }
  terminate() {
    this.log.terminated = true;
    return super.terminate();
  }
};
window.workerLogs = () => structuredClone(logs);
window.alam = alam;
if (!params.has('noinit')) {
  const options = params.has('workers') ? { worker: true, workers: Number(params.get('workers')) } : {};
  alam.init(options).then(
    () => { window.alamReady = true; },
    (error) => { window.alamError = String(error); },
  );
}
`;
const POOL_HTML = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<link rel="stylesheet" href="/www/alam.css"><script type="module" src="/pool.js"></script></head>
<body><main id="root"></main></body></html>`;

/** A phrase the model never tags as an organization; addNames makes it one. */
const ADDED = { text: 'المياه العذبة', label: 'ORG' };
/** How many paragraphs the long page has (about 270 characters each: 5 batches of ~32k). */
const PARAGRAPHS = 560;

/**
 * A long page of distinct paragraphs mixing the demo article's sentences
 * (seeded, so every run gets the same page), each ending with ADDED.text.
 */
async function longPage() {
  const html = await readFile(join(REPO, 'www', 'index.html'), 'utf8');
  const sentences = articleSentences(html);
  const random = seededRandom(7);
  const paragraphs = [];
  for (let n = 1; n <= PARAGRAPHS; n++) {
    const picked = Array.from({ length: 3 }, () => sentences[Math.floor(random() * sentences.length)]);
    paragraphs.push(`<p>${n}. ${picked.join(' ')} وتحدث عن ${ADDED.text}.</p>`);
  }
  return paragraphs.join('\n');
}

let browser;
let server;
let pageHtml;

before(async () => {
  pageHtml = await longPage();
  server = await startServer({ pages: { '/pool.html': POOL_HTML, '/pool.js': POOL_JS } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the pool page (`query` e.g. '?workers=2') and waits for init(). */
async function openPool(query) {
  const page = await openPage(browser, `${server.url}/pool.html${query}`);
  await page.waitForFunction(() => window.alamReady || window.alamError, null, { timeout: 30000 });
  const error = await page.evaluate(() => window.alamError);
  if (error) throw new Error(`alam init failed in the page: ${error}`);
  return page;
}

/**
 * In the page: puts `html` in #root, highlights it and returns every mention as
 * [start, end, label, key, text] with offsets in the root's whole text, in
 * document order, plus the run's chunk count.
 */
function highlightAll(page, html, options = {}) {
  return page.evaluate(
    async ({ html, options }) => {
      const root = document.getElementById('root');
      window.hl?.clear();
      root.innerHTML = html;
      const hl = window.alam.highlight(root, { mode: 'highlights', ...options });
      window.hl = hl;
      await hl.done;
      const starts = new Map();
      let length = 0;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        starts.set(node, length);
        length += node.data.length;
      }
      const at = (container, offset) => {
        if (starts.has(container)) return starts.get(container) + offset;
        const range = document.createRange(); // an element boundary: rare, so the slow way
        range.setStart(root, 0);
        range.setEnd(container, offset);
        return range.toString().length;
      };
      const mentions = hl.entities
        .flatMap((g) => g.mentions)
        .map((m) => [at(m.range.startContainer, m.range.startOffset), at(m.range.endContainer, m.range.endOffset), m.label, m.key, m.range.toString()])
        .sort((a, b) => a[0] - b[0]);
      return { mentions, chunks: hl.stats.chunks, characters: hl.stats.characters };
    },
    { html, options },
  );
}

/** How many calls of `kind` each worker was sent. */
const countsOf = (logs, kind) => logs.map((log) => log.kinds.filter((k) => k === kind).length);

test('with workers: 2, a long page gets the same entities as on the main thread, from both workers', async () => {
  const local = await openPool('');
  const pool = await openPool('?workers=2');
  const expected = await highlightAll(local, pageHtml);
  const got = await highlightAll(pool, pageHtml);
  assert.ok(expected.characters > 4 * 32_000, `${expected.characters} characters: too few for several batches`);
  assert.ok(expected.mentions.length > PARAGRAPHS, `${expected.mentions.length} mentions`);
  assert.equal(got.chunks, expected.chunks);
  assert.deepEqual(got.mentions, expected.mentions);
  for (const [, , , , text] of got.mentions.slice(0, 50)) assert.ok(text.length > 0);

  const logs = await pool.evaluate(() => window.workerLogs());
  assert.equal(logs.length, 2, 'two workers started');
  assert.deepEqual(countsOf(logs, 'init'), [1, 1]);
  const batches = countsOf(logs, 'entities');
  assert.ok(batches.every((n) => n >= 2), `batches per worker: ${batches}`);
  assert.deepEqual(await local.evaluate(() => window.workerLogs().length), 0, 'the main-thread page starts no worker');
  assert.deepEqual(pool.problems, []);
  await local.close();
  await pool.close();
});

test('names added with addNames apply on every worker, and clearNames clears every worker', async () => {
  const page = await openPool('?workers=2');
  const addedIn = (summary) => summary.mentions.filter(([, , label, , text]) => label === ADDED.label && text === ADDED.text);

  const plain = await highlightAll(page, pageHtml);
  assert.equal(addedIn(plain).length, 0, `the model alone tags ${ADDED.text} as ${ADDED.label}`);

  await page.evaluate((added) => window.alam.addNames([added]), ADDED);
  const withNames = await highlightAll(page, pageHtml);
  assert.equal(addedIn(withNames).length, PARAGRAPHS, 'every paragraph, whichever worker read it');

  await page.evaluate(() => window.alam.clearNames());
  const cleared = await highlightAll(page, pageHtml);
  assert.equal(addedIn(cleared).length, 0);

  // The `names` option of highlight() goes to every worker too.
  const viaOption = await highlightAll(page, pageHtml, { names: [ADDED] });
  assert.equal(addedIn(viaOption).length, PARAGRAPHS);

  const logs = await page.evaluate(() => window.workerLogs());
  assert.deepEqual(countsOf(logs, 'addNames'), [2, 2]);
  assert.deepEqual(countsOf(logs, 'clearNames'), [1, 1]);
  for (const log of logs) {
    // Each worker recognized batches both with and without the names.
    const kinds = log.kinds.filter((k) => k !== 'find');
    const added = kinds.indexOf('addNames');
    assert.ok(kinds.slice(added, kinds.indexOf('clearNames')).includes('entities'), kinds.join(' '));
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('init() checks `workers`: a positive integer, and only with worker: true', async () => {
  const page = await openPage(browser, `${server.url}/pool.html?noinit`);
  await page.waitForFunction(() => window.alam);
  const errors = await page.evaluate(() => {
    const bad = [
      { worker: true, workers: 0 },
      { worker: true, workers: -2 },
      { worker: true, workers: 1.5 },
      { worker: true, workers: '2' },
      { worker: true, workers: Number.NaN },
      { worker: true, workers: Number.POSITIVE_INFINITY },
      { worker: true, workers: null },
      { workers: 2 },
      { worker: false, workers: 1 },
    ];
    return bad.map((options) => {
      try {
        window.alam.init(options);
        return 'no error';
      } catch (error) {
        return `${error.name}: ${error.message}`;
      }
    });
  });
  for (const error of errors.slice(0, 7)) {
    assert.match(error, /^TypeError: alam: init\(\) option `workers` must be a positive integer \(got .*\)$/);
  }
  for (const error of errors.slice(7)) assert.equal(error, 'TypeError: alam: init() option `workers` needs `worker: true`');
  assert.equal(await page.evaluate(() => window.workerLogs().length), 0, 'no worker started for a bad option');

  // A good value afterwards starts that many workers, and init() settles only
  // once each has answered its init call (loaded the wasm, decoded the model).
  const logs = await page.evaluate(async () => {
    await window.alam.init({ worker: true, workers: 3 });
    return window.workerLogs();
  });
  assert.deepEqual(logs, Array.from({ length: 3 }, () => ({ kinds: ['init'], answers: 1, terminated: false })));
  await page.close();
});

test('without `workers`, worker: true starts min(4, hardwareConcurrency) workers', async () => {
  const page = await openPage(browser, `${server.url}/pool.html?noinit`);
  await page.waitForFunction(() => window.alam);
  const { started, cores } = await page.evaluate(async () => {
    await window.alam.init({ worker: true });
    return { started: window.workerLogs().length, cores: navigator.hardwareConcurrency };
  });
  assert.equal(started, Math.min(4, cores || 2));
  await page.close();
});

test('a failed init() terminates every worker it started, and may be retried', async () => {
  const page = await openPage(browser, `${server.url}/pool.html?noinit`);
  await page.waitForFunction(() => window.alam);
  const result = await page.evaluate(async () => {
    let error = 'no error';
    try {
      await window.alam.init({ worker: true, workers: 2, module_or_path: '/www/wasm/missing.wasm' });
    } catch (e) {
      error = `${e.name}: ${e.message}`;
    }
    const failed = window.workerLogs();
    await window.alam.init({ worker: true, workers: 2 });
    const root = document.getElementById('root');
    root.textContent = 'قال سامي الخطيب في بيروت.';
    const hl = window.alam.highlight(root, { names: [{ text: 'سامي الخطيب', label: 'PER' }] });
    await hl.done;
    return { error, failed, retried: window.workerLogs().slice(2), found: hl.entities.map((g) => g.mentions[0].range.toString()) };
  });
  assert.notEqual(result.error, 'no error');
  assert.deepEqual(result.failed.map((log) => log.terminated), [true, true]);
  assert.deepEqual(result.retried.map((log) => log.terminated), [false, false]);
  assert.ok(result.found.includes('سامي الخطيب'), JSON.stringify(result.found));
  await page.close();
});

test('mark mode over the pool: clear() gives back byte-identical innerHTML', async () => {
  const page = await openPool('?workers=2');
  const result = await page.evaluate(async (html) => {
    const root = document.getElementById('root');
    root.innerHTML = html;
    const before = root.innerHTML;
    const hl = window.alam.highlight(root, { mode: 'mark' });
    await hl.done;
    const marks = root.querySelectorAll('mark.alam').length;
    hl.clear();
    return { same: root.innerHTML === before, marks, entities: hl.entities.length };
  }, pageHtml);
  assert.ok(result.marks > PARAGRAPHS, `${result.marks} marks`);
  assert.ok(result.same, 'clear() restores the page');
  assert.equal(result.entities, 0);
  const batches = countsOf(await page.evaluate(() => window.workerLogs()), 'entities');
  assert.ok(batches.every((n) => n >= 1), `batches per worker: ${batches}`);
  await page.close();
});

test('WorkerEngine: batches go to the least busy worker, answers in order, errors as today, dispose stops all', async () => {
  const page = await openPage(browser, `${server.url}/pool.html?noinit`);
  await page.waitForFunction(() => window.alam);
  const result = await page.evaluate(async () => {
    const { WorkerEngine } = await import('/www/lib/engine-worker.js');
    const url = new URL('/www/worker.js', location.href).href;
    const engine = new WorkerEngine([new Worker(url, { type: 'module' }), new Worker(url, { type: 'module' })]);
    await engine.init();
    const outcome = (promise) =>
      promise.then(
        () => 'resolved',
        (error) => `${error.name}: ${error.message}`,
      );
    // Four batches at once. The first is long (about 100k characters) and
    // keeps its worker busy, so the three short ones go to the other, which
    // answers them first; each call still gets its own texts' results.
    const names = ['بيروت', 'الرباط', 'القاهرة', 'عمان'];
    await engine.addNames(names.map((text) => ({ text, label: 'LOC' })));
    const batches = names.map((name, i) => Array.from({ length: i === 0 ? 4000 : 1 }, (_, j) => `${j}. زار الوفد ${name} أمس.`));
    const order = [];
    const answers = await Promise.all(
      batches.map((texts, i) => engine.entities(texts, undefined).then((value) => (order.push(i), value))),
    );
    const found = answers.map((perText) => perText.map((spans) => spans.map((s) => s.text).join('|')));
    const perWorker = window.workerLogs().map((log) => log.kinds.filter((k) => k === 'entities').length);
    const errors = {
      labelsType: await outcome(engine.entities(['x'], { labels: 'PER' })),
      labelsValue: await outcome(engine.entities(['x'], { labels: ['CITY'] })),
      names: await outcome(engine.addNames('سامي')),
    };
    const pending = Array.from({ length: 4 }, () => engine.entities(batches[0].slice(0, 500), undefined));
    engine.dispose();
    return {
      found: found.map((perText) => [perText.length, perText[0], perText[perText.length - 1]]),
      perWorker,
      order,
      errors,
      pending: await Promise.all(pending.map(outcome)),
      after: await outcome(engine.find(['x'], 'x')),
      terminated: window.workerLogs().map((log) => log.terminated),
    };
  });
  const names = ['بيروت', 'الرباط', 'القاهرة', 'عمان'];
  assert.deepEqual(result.found, names.map((name, i) => [i === 0 ? 4000 : 1, name, name]));
  assert.deepEqual(result.perWorker, [1, 3]);
  assert.equal(result.order.at(-1), 0, `answered in the order ${result.order}`);
  assert.match(result.errors.labelsType, /^TypeError: .*labels/);
  assert.match(result.errors.labelsValue, /^Error: .*CITY/);
  assert.match(result.errors.names, /^TypeError: addNames expects an array/);
  assert.deepEqual(result.pending, Array(4).fill('Error: alam: the worker engine was disposed'));
  assert.equal(result.after, 'Error: alam: the worker engine was disposed');
  assert.deepEqual(result.terminated, [true, true]);
  await page.close();
});
