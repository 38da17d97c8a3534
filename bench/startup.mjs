// Start-up in headless Chromium, part of `make bench`: on fresh pages (a new
// page each run, the module already imported), the time `await init()` takes,
// the longest task a 'longtask' PerformanceObserver saw during it (registered
// at page load, before anything runs), and the time of the first
// entities() call on a sentence after init, which must find everything
// loaded. Medians over the runs, against the targets of issue #13. Then, on
// other fresh pages, where the time goes: the wasm glue's instantiation, and
// each preload() part (the model; the name lists; the clusters and trigger
// words), each in a task of its own as init() runs them.
// Usage: node bench/startup.mjs   (needs www/wasm from `make wasm`)
import { launchBrowser } from '../tests/web/helpers/browser.mjs';
import { startServer } from '../tests/web/helpers/server.mjs';

const RUNS = 9;
const TARGETS = { initMs: 30, taskMs: 50 };

/**
 * A page that imports alam, then starts init() in a task of its own; the first
 * entities() runs in the task after, so that the longest task during init()
 * (the tasks that overlap it) is init's alone.
 */
const PAGE = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<script>
  window.tasks = [];
  new PerformanceObserver((list) => { window.tasks.push(...list.getEntries()); })
    .observe({ type: 'longtask', buffered: true });
</script>
<script type="module">
  import * as alam from '/www/alam.js';
  const during = (t0, t1) => window.tasks
    .filter((e) => e.startTime < t1 && e.startTime + e.duration > t0)
    .reduce((longest, e) => Math.max(longest, e.duration), 0);
  setTimeout(async () => {
    const t0 = performance.now();
    await alam.init();
    const t1 = performance.now();
    setTimeout(() => {
      const t2 = performance.now();
      alam.entities('قال الرئيس المصري عبد الفتاح السيسي في القاهرة');
      const first = performance.now() - t2;
      // Let the observer report the last task.
      setTimeout(() => { window.result = { init: t1 - t0, first, longest: during(t0, t1) }; }, 100);
    }, 0);
  }, 50);
</script></head><body></body></html>`;

/** A page that times the steps of init() one by one, through the glue. */
const PARTS_PAGE = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<script type="module">
  import initWasm, * as glue from '/www/wasm/alam.js';
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  setTimeout(async () => {
    let t = performance.now();
    await initWasm();
    const steps = [performance.now() - t];
    for (let part = 0, more = true; more; part++) {
      await nextTask();
      t = performance.now();
      more = glue.preload(part);
      steps.push(performance.now() - t);
    }
    window.result = steps;
  }, 50);
</script></head><body></body></html>`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({ pages: { '/startup.html': PAGE, '/parts.html': PARTS_PAGE } });
const browser = await launchBrowser({ engine: 'chromium' });
try {
  /** `window.result` of a fresh page at `path`. */
  const run = async (path) => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => window.result, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.result);
    await page.close();
    return result;
  };
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run('/startup.html'));
  const parts = [];
  for (let i = 0; i < RUNS; i++) parts.push(await run('/parts.html'));
  const init = median(runs.map((r) => r.init));
  const first = median(runs.map((r) => r.first));
  const longest = Math.max(...runs.map((r) => r.longest));
  console.log(`start-up (Chromium, ${RUNS} fresh pages):`);
  console.log(`  await init(): median ${init.toFixed(1)} ms (target ≤ ${TARGETS.initMs}: ${(init / TARGETS.initMs).toFixed(2)}×)`);
  console.log(`  longest task during init: ${longest.toFixed(0)} ms (0 = none over 50 ms; target: none)`);
  console.log(`  first entities() after init (first usable model): median ${first.toFixed(1)} ms`);
  const names = ['instantiate wasm', 'preload(0) model', 'preload(1) lists', 'preload(2) clusters, triggers'];
  const steps = parts[0].map((_, k) => `${names[k] ?? `step ${k}`} ${median(parts.map((p) => p[k])).toFixed(1)}`);
  console.log(`  the steps of init(), medians in ms: ${steps.join(', ')}`);
} finally {
  await browser.close();
  await server.close();
}
