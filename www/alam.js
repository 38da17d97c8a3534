// alam: Arabic named entities and find-in-page for live web pages.
//
//   import { init, highlight, find } from './alam.js';
//   await init();
//   const hl = highlight(document.querySelector('article'));
//   await hl.done;                      // hl.entities: grouped mentions with Ranges
//
// This module loads the wasm, checks arguments and starts paintings
// (lib/painting.js), which collect the page's text (lib/collect.js), send one
// string per chunk to the wasm recognizer (on this thread, lib/engine-local.js,
// or in www/worker.js, lib/engine-worker.js), map the UTF-16 offsets back to DOM
// Ranges (lib/locate.js) and paint them with the CSS Custom Highlight API or
// <mark> elements (lib/paint-*.js). Nothing here knows Arabic: all language
// logic lives in the wasm module. Page text is only read through Text nodes and
// written through DOM methods, never through HTML strings, eval or new Function.

import initWasm, * as firstGlue from './wasm/alam.js';
import { excludeSelector } from './lib/collect.js';
import { PAINTERS, modeFor } from './lib/painters.js';
import { LABELS, Finder, Highlighter, finders, highlighters } from './lib/painting.js';
import { LocalEngine, entityOptions } from './lib/engine-local.js';
import { WorkerEngine } from './lib/engine-worker.js';

export { LABELS, Finder, Highlighter };

/** @type {{engine: LocalEngine | WorkerEngine, local: boolean} | null} */
let state = null;
/** @type {Promise<void> | null} */
let starting = null;
/**
 * The wasm-bindgen glue of the main-thread engine: the module imported above,
 * or, once a module failed, a fresh copy that init() loads (null until then).
 */
let glue = firstGlue;
/** How many times a wasm module failed and was dropped (numbers the fresh copies). */
let failures = 0;

/**
 * Whether `error` is a wasm trap (out of memory, unreachable, ...), after which
 * that wasm instance cannot be trusted: its stack and recognizer may be left
 * mid-call. A worker reports one by name.
 * @param {unknown} error
 */
function isTrap(error) {
  return (
    error instanceof WebAssembly.RuntimeError ||
    (typeof error === 'object' && error !== null && /** @type {{name?: unknown}} */ (error).name === 'RuntimeError')
  );
}

/**
 * Drops `engine` after its wasm trapped (and, if it is the current one, lets
 * the next init() load a fresh module); returns the Error to throw in place
 * of the trap.
 * @param {Error} trap
 * @param {LocalEngine | WorkerEngine} engine
 * @returns {Error}
 */
function dropAfterTrap(trap, engine) {
  if (state?.engine === engine) {
    if (state.local) glue = null;
    state = null;
    starting = null;
    failures++;
  }
  // After the failed call has been rejected with the Error below, so that it,
  // not the "disposed" of the engine's other calls, is what the caller sees.
  queueMicrotask(() => engine.dispose());
  return new Error(
    `alam: the wasm module failed (${trap.name}: ${trap.message}) and was unloaded; ` +
      'call `await init()` again to load a fresh one (names added with addNames() must be added again)',
    { cause: trap },
  );
}

/**
 * Runs a call of the main-thread wasm, turning a trap into dropAfterTrap's Error.
 * @template T
 * @param {() => T} call
 * @returns {T}
 */
function guarded(call) {
  const { engine } = state ?? {};
  try {
    return call();
  } catch (error) {
    throw isTrap(error) && engine ? dropAfterTrap(error, engine) : error;
  }
}

/**
 * The glue to start the main-thread engine with: the module imported above,
 * or, after a failure, a fresh copy of it (a new instance with its own memory).
 * @returns {Promise<typeof firstGlue>}
 */
async function loadGlue() {
  glue ??= await import(new URL(`./wasm/alam.js?instance=${failures}`, import.meta.url).href);
  return glue;
}

/**
 * Whether `value` is a plain object (`{...}`, an object of another realm, or
 * one made with Object.create(null)): not null, an array, a function, a Date,
 * a Map or any other built-in object, which would silently mean the defaults.
 */
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

/**
 * Checks the arguments of a text-level function: `text` a string and
 * `options` undefined or a plain object.
 * @param {string} name the function, for the message
 */
function checkTextCall(name, text, options) {
  if (typeof text !== 'string') throw new TypeError(`alam: ${name}() text must be a string (got ${typeof text})`);
  if (options !== undefined && !isPlainObject(options)) throw new TypeError(`alam: ${name}() options must be an object`);
}

/**
 * Loads the wasm module. Call (and await) it once before anything else; later
 * calls return the same promise and ignore their options.
 * @param {{module_or_path?: any, worker?: boolean, workers?: number}} [options]
 *   `module_or_path` is passed to the wasm-bindgen initialiser (a URL, a
 *   Response, bytes or a WebAssembly.Module; default: alam_bg.wasm next to the
 *   glue). `worker: true` runs the wasm in Web Workers (www/worker.js) instead
 *   of this thread; then `module_or_path` must be cloneable (a URL string or a
 *   Module) and the text-level functions (`normalize`, ...) are unavailable.
 *   `workers` (only with `worker: true`) is how many: a positive integer,
 *   default one per core, at most 4. Each has its own wasm instance and model
 *   (some MB of memory each); the batches of a long page are shared among
 *   them. init() resolves once every worker has loaded and decoded the model.
 * @returns {Promise<void>}
 */
export function init(options = {}) {
  if (starting) return starting;
  if (!isPlainObject(options)) throw new TypeError('alam: init() options must be an object');
  const { module_or_path: moduleOrPath, worker = false, workers } = options;
  if (typeof worker !== 'boolean') throw new TypeError('alam: init() option `worker` must be a boolean');
  if (workers !== undefined && !worker) {
    throw new TypeError('alam: init() option `workers` needs `worker: true`');
  }
  if (workers !== undefined && !(Number.isSafeInteger(workers) && workers > 0)) {
    throw new TypeError(`alam: init() option \`workers\` must be a positive integer (got ${String(workers)})`);
  }
  starting = (async () => {
    if (worker) {
      state = { engine: await startWorkers(workers ?? defaultWorkers(), moduleOrPath), local: false };
    } else {
      const wasm = await loadGlue();
      await (wasm === firstGlue ? initWasm : wasm.default)(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
      // Load the model, the name lists and the clusters now, not in the
      // middle of the first highlight. The parts are read in place and take a
      // few ms in all: a part starts a task of its own only once this one has
      // run PRELOAD_TASK_MS, so that no task is long and none is waited for.
      let since = performance.now();
      for (let part = 0; wasm.preload(part); part++) {
        if (performance.now() - since < PRELOAD_TASK_MS) continue;
        await nextTask();
        since = performance.now();
      }
      state = { engine: new LocalEngine(wasm, dropAfterTrap), local: true };
    }
  })();
  starting.catch(() => {
    starting = null; // a failed start may be retried
  });
  return starting;
}

/** How long init() loads data in one task before it lets the page run. */
const PRELOAD_TASK_MS = 10;

/**
 * Resolves in a later task, letting the page run in between.
 * @returns {Promise<void>}
 */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * How many workers `init({worker: true})` starts when `workers` is not given:
 * one per core the browser reports, at most 4 (2 if it does not say).
 * @returns {number}
 */
function defaultWorkers() {
  return Math.min(4, globalThis.navigator?.hardwareConcurrency || 2);
}

/**
 * Starts `count` workers (www/worker.js) and loads the wasm in each; on any
 * failure terminates those started and rethrows.
 * @param {number} count
 * @param {string | URL | WebAssembly.Module} moduleOrPath as init()'s `module_or_path`
 *   (a URL string or a Module: what a worker can be sent)
 * @returns {Promise<WorkerEngine>}
 */
async function startWorkers(count, moduleOrPath) {
  const url = workerScriptURL();
  const workers = [];
  let engine = null;
  try {
    // `url` may be a TrustedScriptURL, which TypeScript's DOM types do not list.
    for (let i = 0; i < count; i++) workers.push(new Worker(/** @type {string} */ (url), { type: 'module' }));
    engine = new WorkerEngine(workers, dropAfterTrap);
    await engine.init(moduleOrPath instanceof URL ? moduleOrPath.href : moduleOrPath);
    return engine;
  } catch (error) {
    if (engine) engine.dispose();
    else for (const started of workers) started.terminate();
    throw error;
  }
}

/** @type {{createScriptURL(url: string): unknown} | null} */
let trustedPolicy = null;

/**
 * The URL of www/worker.js, as a TrustedScriptURL where the page enforces
 * Trusted Types (a policy named "alam" that admits only that one URL; a page
 * with a \`trusted-types\` allow-list must list "alam").
 */
function workerScriptURL() {
  const url = new URL('./worker.js', import.meta.url).href;
  const trustedTypes = globalThis.trustedTypes;
  if (!trustedTypes || typeof trustedTypes.createPolicy !== 'function') return url;
  try {
    trustedPolicy ??= trustedTypes.createPolicy('alam', {
      createScriptURL: (candidate) => {
        if (candidate !== url) throw new TypeError(`alam: refusing to load a worker from ${candidate}`);
        return candidate;
      },
    });
    return trustedPolicy.createScriptURL(url);
  } catch {
    return url; // the page does not allow the policy; Worker() will say why
  }
}

/**
 * The engine, or a clear Error when init() has not finished.
 * @param {string} name the calling function, for the message
 */
function engineFor(name) {
  if (!state) throw new Error(`alam: ${name}() called before init() finished; call \`await init()\` first`);
  return state.engine;
}

/**
 * The wasm glue for text-level functions, which need the main-thread engine.
 * @param {string} name the calling function, for the message
 */
function localGlue(name) {
  engineFor(name);
  if (!state.local) {
    throw new Error(`alam: ${name}() needs the wasm on the page's thread, but init() was called with {worker: true}`);
  }
  if (typeof glue[name] !== 'function') {
    throw new Error(`alam: this build of the wasm module has no ${name}(); rebuild it with \`make wasm\``);
  }
  return glue;
}

/**
 * Normalizes Arabic `text` (see the wasm `normalize`).
 * @param {string} text
 * @param {Record<string, boolean>} [options] folds to switch on or off
 * @returns {string}
 */
export function normalize(text, options) {
  checkTextCall('normalize', text, options);
  return guarded(() => localGlue('normalize').normalize(text, options));
}

/**
 * Normalizes `text` and returns the offset map and the folds that fired
 * (see the wasm `normalizeMapped`).
 * @param {string} text
 * @param {Record<string, boolean>} [options]
 * @returns {{text: string, starts: Uint32Array, ends: Uint32Array, folds: Record<string, number>}}
 */
export function normalizeMapped(text, options) {
  checkTextCall('normalizeMapped', text, options);
  const mapped = guarded(() => localGlue('normalizeMapped').normalizeMapped(text, options));
  return /** @type {{text: string, starts: Uint32Array, ends: Uint32Array, folds: Record<string, number>}} */ (mapped);
}

/**
 * The entities of a plain string (see the wasm `entities`). `breaks` are
 * UTF-16 offsets in `text` that no entity may span (as the page layer passes
 * for the edges of links, list items, cells...).
 * @param {string} text
 * @param {{labels?: string[], breaks?: number[] | Uint32Array}} [options]
 * @returns {{start: number, end: number, label: string, text: string, key: string, score: number}[]}
 */
export function entities(text, options) {
  checkTextCall('entities', text, options);
  const labels = checkLabels(options?.labels);
  const breaks = checkBreaks(options?.breaks, text);
  return guarded(() => localGlue('entities').entities(text, entityOptions(labels, breaks)));
}

/**
 * Checks a `breaks` option: undefined, or an array or Uint32Array of integer
 * offsets from 0 to the text's length.
 * @param {unknown} breaks
 * @param {string} text
 * @returns {number[] | undefined}
 */
function checkBreaks(breaks, text) {
  if (breaks === undefined) return undefined;
  if (!Array.isArray(breaks) && !(breaks instanceof Uint32Array)) {
    throw new TypeError('alam: entities() option `breaks` must be an array or Uint32Array of offsets');
  }
  const list = Array.from(breaks);
  if (!list.every((at) => Number.isInteger(at) && at >= 0 && at <= text.length)) {
    throw new RangeError(`alam: entities() option \`breaks\` must hold integer offsets from 0 to ${text.length}`);
  }
  return list;
}

/**
 * Checks a user name list `[{text, label}]`.
 * @param {unknown} list
 * @returns {{text: string, label: string}[]}
 */
function checkNames(list) {
  if (!Array.isArray(list)) throw new TypeError('alam: names must be an array of {text, label}');
  return list.map((item, i) => {
    if (!isPlainObject(item) || typeof item.text !== 'string' || item.text.trim() === '') {
      throw new TypeError(`alam: names[${i}] must be {text: non-empty string, label}`);
    }
    if (!LABELS.includes(item.label)) {
      throw new TypeError(`alam: names[${i}].label must be one of ${LABELS.join(', ')} (got ${String(item.label)})`);
    }
    return { text: item.text, label: item.label };
  });
}

/**
 * Checks a `labels` option; undefined means all labels.
 * @param {unknown} labels
 * @returns {string[] | undefined}
 */
function checkLabels(labels) {
  if (labels === undefined) return undefined;
  if (!Array.isArray(labels) || labels.some((label) => !LABELS.includes(label))) {
    throw new TypeError(`alam: labels must be an array of ${LABELS.join(', ')}`);
  }
  return [...labels];
}

/**
 * Adds names the recognizer must always find (e.g. a newsroom's list of
 * people). They stay until clearNames() and apply to every later highlight.
 * @param {{text: string, label: string}[]} list
 * @returns {Promise<void>} settles once the engine has the names
 */
export function addNames(list) {
  const names = checkNames(list);
  return engineFor('addNames').addNames(names);
}

/**
 * Forgets every name added with addNames() or the `names` option.
 * @returns {Promise<void>}
 */
export function clearNames() {
  return engineFor('clearNames').clearNames();
}

/**
 * Checks that `root` is a DOM node alam can walk.
 * @param {unknown} root
 * @param {string} name the calling function
 * @returns {Node}
 */
function checkRoot(root, name) {
  const nodeType = typeof root === 'object' && root !== null ? /** @type {{nodeType?: unknown}} */ (root).nodeType : undefined;
  if (typeof nodeType !== 'number' || ![1, 3, 9, 11].includes(nodeType)) {
    throw new TypeError(`alam: ${name}() root must be an Element, Document, DocumentFragment or Text node`);
  }
  return /** @type {Node} */ (root);
}

/**
 * Checks the painting options shared by highlight() and find().
 * @returns {import('./lib/painting.js').PaintConfig}
 */
function checkPaintOptions(root, options, name) {
  if (!isPlainObject(options)) throw new TypeError(`alam: ${name}() options must be an object`);
  const doc = root.ownerDocument ?? root;
  const win = doc.defaultView ?? globalThis;
  const { mode = 'auto', classPrefix = 'alam', shadow = false, frames = false } = options;
  const modes = ['auto', ...Object.keys(PAINTERS)];
  if (!modes.includes(mode)) {
    const listed = modes.map((m) => `'${m}'`);
    throw new TypeError(`alam: mode must be ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)} (got ${String(mode)})`);
  }
  if (typeof classPrefix !== 'string' || !/^[A-Za-z_][\w-]*$/.test(classPrefix)) {
    throw new TypeError('alam: classPrefix must be a CSS identifier such as "alam"');
  }
  if (typeof shadow !== 'boolean' || typeof frames !== 'boolean') {
    throw new TypeError(`alam: ${name}() options \`shadow\` and \`frames\` must be booleans`);
  }
  if (mode === 'highlights' && !PAINTERS.highlights.supported(win)) {
    throw new Error("alam: this browser has no CSS Custom Highlight API; use mode 'mark' or 'auto'");
  }
  return { mode: modeFor(mode, win), exclude: excludeSelector(options.exclude, doc), prefix: classPrefix, doc, shadow, frames };
}

/**
 * Finds and paints the named entities under `root`. A later highlight() of the
 * same root clears this one first, so marks never nest.
 * @param {Node} root
 * @param {object} [options]
 * @param {string[]} [options.labels] labels to find (default: all)
 * @param {'auto' | 'highlights' | 'mark'} [options.mode] painter (auto: highlights where supported)
 * @param {string | string[]} [options.exclude] selectors whose subtrees are skipped
 * @param {boolean} [options.observe] re-run when the DOM under root changes
 * @param {{text: string, label: string}[]} [options.names] names to add first (as addNames)
 * @param {string} [options.classPrefix] class and highlight-name prefix (default 'alam')
 * @param {boolean} [options.shadow] read open shadow roots too (default false)
 * @param {boolean} [options.frames] read same-origin frames too (default false)
 * @param {Record<string, string>} [options.titles] label -> word used in mark titles
 * @returns {Highlighter}
 */
export function highlight(root, options = {}) {
  const engine = engineFor('highlight');
  checkRoot(root, 'highlight');
  const paint = checkPaintOptions(root, options, 'highlight');
  const labels = checkLabels(options.labels);
  const names = options.names === undefined ? undefined : checkNames(options.names);
  const { observe = false, titles = {} } = options;
  if (typeof observe !== 'boolean') throw new TypeError('alam: highlight() option `observe` must be a boolean');
  if (!isPlainObject(titles)) throw new TypeError('alam: highlight() option `titles` must be an object');
  if (state.local && typeof glue.entities !== 'function') {
    throw new Error('alam: this build of the wasm module has no entities(); rebuild it with `make wasm`');
  }
  highlighters.get(root)?.clear();
  const highlighter = new Highlighter(root, paint, engine, { labels, titles, observe, names });
  highlighters.set(root, highlighter);
  return highlighter;
}

/**
 * Finds `query` under `root`, ignoring diacritics, letter variants and
 * attached clitics, and paints the matches (highlight name `alam-find`). A
 * later find() on the same root clears this one.
 * @param {Node} root
 * @param {string} query
 * @param {{mode?: 'auto' | 'highlights' | 'mark', exclude?: string | string[], classPrefix?: string, shadow?: boolean, frames?: boolean}} [options]
 * @returns {Finder}
 */
export function find(root, query, options = {}) {
  const engine = engineFor('find');
  checkRoot(root, 'find');
  if (typeof query !== 'string') throw new TypeError('alam: find() query must be a string');
  const paint = checkPaintOptions(root, options, 'find');
  if (state.local && typeof glue.find !== 'function') {
    throw new Error('alam: this build of the wasm module has no find(); rebuild it with `make wasm`');
  }
  finders.get(root)?.clear();
  const finder = new Finder(root, paint, engine, query);
  finders.set(root, finder);
  return finder;
}
