// The browser side of `make bench`: highlight() in headless Chromium on the demo's
// sample article and on a generated ~1 MB article page, median wall time over
// several runs (from the call to `done`), and the longest task a
// PerformanceObserver for 'longtask' saw during the runs (it reports tasks over
// 50 ms), plus the median time of the synchronous clear() after each run.
// Chromium reports a rendering update (style, layout) as a long task only when
// script runs in it: mark mode therefore lays out its own marks slice by slice
// (www/lib/schedule.js LayoutSlicer), inside tasks this observer sees.
// "recognizer" is the time a run spent waiting for the engine: the wasm calls on
// the main thread, or what was left of the workers' work once painting caught up.
// Three engines: the main thread, one Web Worker (init {worker: true, workers: 1})
// and a pool of N workers (default: as init's default, min(4, cores)).
// Usage: node bench/browser.mjs [--workers=N]   (needs www/wasm from `make wasm`)
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { articleSentences, seededRandom } from '../tests/web/helpers/article.mjs';
import { launchBrowser } from '../tests/web/helpers/browser.mjs';
import { REPO, startServer } from '../tests/web/helpers/server.mjs';

const SAMPLE_RUNS = 21;
const BIG_RUNS = 5;
const BIG_BYTES = 1_000_000;
const TARGETS = { sampleMs: 5, bigMs: 300, taskMs: 50 };

/** The pool size to measure: `--workers=N`, else init()'s default for this machine. */
function poolSize() {
  const arg = process.argv.find((a) => a.startsWith('--workers='));
  const n = arg ? Number(arg.slice('--workers='.length)) : Math.min(4, availableParallelism());
  if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`bench: --workers must be a positive integer (got ${arg})`);
  return n;
}

/** The engines compared: a name and the query that makes the fixture page start it. */
const POOL = poolSize();
const ENGINES = [
  ['main thread', ''],
  ['1 worker', '?worker&workers=1'],
  [`${POOL} workers`, `?worker&workers=${POOL}`],
];

/** The sample article of the demo, www/index.html (our own file), as HTML. */
async function sampleArticle() {
  const html = await readFile(join(REPO, 'www', 'index.html'), 'utf8');
  return html.slice(html.indexOf('<article'), html.indexOf('</article>') + '</article>'.length);
}

/** A page that loads alam (tests/web/helpers FIXTURE_JS) around `body`. */
function page(title, body) {
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="/www/alam.css"><script type="module" src="/fixture.js"></script></head>
<body><main id="root">${body}</main></body></html>`;
}

/**
 * A ~1 MB (UTF-8) news page of distinct paragraphs: each mixes sentences of
 * the sample article (seeded shuffle) and a number, so no two chunks share a
 * text and alam's per-text result reuse cannot shortcut the work.
 */
function bigBody(article) {
  const sentences = articleSentences(article);
  const random = seededRandom(42);
  const parts = [];
  let bytes = 0;
  for (let n = 1; bytes < BIG_BYTES; n++) {
    if (n % 8 === 1) parts.push(`<h2>تقرير رقم ${n}</h2>`);
    const count = 2 + Math.floor(random() * 3);
    const picked = Array.from({ length: count }, () => sentences[Math.floor(random() * sentences.length)]);
    const p = `<p>${n}. ${picked.join(' ')}</p>`;
    parts.push(p);
    bytes += Buffer.byteLength(p);
  }
  return parts.join('\n');
}

/**
 * In the page: `runs` highlight() runs over #root (or the demo's article),
 * returning the median and each time, the longest long task and text size.
 */
function measure(tab, { selector, runs, mode }) {
  return tab.evaluate(
    async ({ selector, runs, mode }) => {
      const alam = window.alam;
      const root = document.querySelector(selector);
      const longTasks = [];
      const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
      const windows = []; // [start, end] of each highlight() run
      observer.observe({ type: 'longtask' });
      const times = [];
      const clears = [];
      let stats = null;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const hl = alam.highlight(root, { mode });
        await hl.done;
        times.push(performance.now() - started);
        windows.push([started, performance.now()]);
        stats = hl.stats;
        // clear() and the relayout after it run in a task of their own, which
        // then starts after this run's window (else it counts as the run's).
        await new Promise((r) => setTimeout(r, 0));
        const clearing = performance.now();
        hl.clear();
        clears.push(performance.now() - clearing);
        // Let the browser lay the restored page out before the next run, so
        // that run does not pay for this clear().
        document.body.offsetHeight;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
      }
      await new Promise((r) => setTimeout(r, 100));
      observer.disconnect();
      // Only tasks that overlap a run count (not clear(), not the relayout after it).
      const inRuns = longTasks
        .filter((task) => windows.some(([from, to]) => task.startTime < to && task.startTime + task.duration > from))
        .map((task) => task.duration);
      const sorted = [...times].sort((a, b) => a - b);
      return {
        clear: [...clears].sort((a, b) => a - b)[Math.floor(clears.length / 2)],
        median: sorted[Math.floor(sorted.length / 2)],
        min: sorted[0],
        max: sorted[sorted.length - 1],
        longest: inRuns.length ? Math.max(...inRuns) : 0,
        longTasks: inRuns.length,
        characters: stats.characters,
        mentions: stats.mentions,
        chunks: stats.chunks,
        engineMs: stats.engineMs,
      };
    },
    { selector, runs, mode },
  );
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

function report(name, r, targetMs) {
  const longest = r.longTasks ? `longest task ${fmt(r.longest)} (${r.longTasks} over 50 ms)` : 'no task over 50 ms';
  const ok = r.median < targetMs && r.longest <= TARGETS.taskMs ? 'ok' : 'MISSED';
  console.log(
    `${name.padEnd(36)} median ${fmt(r.median).padStart(9)} (min ${fmt(r.min)}, max ${fmt(r.max)}); ${longest}; ` +
      `${r.characters.toLocaleString('en')} chars, ${r.chunks} chunks, ${r.mentions} mentions, ` +
      `recognizer ${fmt(r.engineMs)} of the last run; clear() ${fmt(r.clear)}  [target < ${targetMs} ms: ${ok}]`,
  );
}

const article = await sampleArticle();
const server = await startServer({
  pages: { '/sample.html': page('sample', article), '/big.html': page('1 MB', bigBody(article)) },
});
const browser = await launchBrowser();
try {
  console.log(
    `browser benchmark (headless Chromium); targets: sample article < ${TARGETS.sampleMs} ms; ` +
      `~1 MB page < ${TARGETS.bigMs} ms with no task > ${TARGETS.taskMs} ms`,
  );
  for (const [name, path, runs, target] of [
    ['sample article', 'sample.html', SAMPLE_RUNS, TARGETS.sampleMs],
    ['~1 MB page', 'big.html', BIG_RUNS, TARGETS.bigMs],
  ]) {
    for (const [engine, query] of ENGINES) {
      const tab = await browser.newPage();
      await tab.goto(`${server.url}/${path}${query}`);
      await tab.waitForFunction(() => window.alamReady || window.alamError);
      const error = await tab.evaluate(() => window.alamError);
      if (error) throw new Error(`bench: init failed with ${engine}: ${error}`);
      for (const mode of ['highlights', 'mark']) {
        const result = await measure(tab, { selector: '#root', runs, mode });
        report(`${name}, ${mode}, ${engine}`, result, target);
      }
      await tab.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
