// Paintings: one run of "collect the text under a root, ask the engine, paint
// the spans", kept up to date. Highlighter (entities) and Finder (a query) are
// the two kinds; alam.js creates them after checking arguments. Wasm-free: the
// engine (lib/engine-*.js) is passed in.
//
// Exports:
//   LABELS                          the entity labels
//   class Highlighter, class Finder (see alam.d.ts for their public surface)
//   highlighters, finders           WeakMap root -> the painting on that root
//
// A run works in slices of SLICE_MS and yields between them (lib/schedule.js),
// recognizes each distinct chunk text once, in batches (all in flight at once
// with a worker engine, so painting overlaps recognition), and skips chunks the
// page changed meanwhile (then runs again, a few times at most). Chunks are at
// most MAX_CHUNK_CHARS long (a longer paragraph is cut at sentence ends), so
// neither a recognizer call nor the painting of one chunk can grow without
// bound. In mark mode a slice's budget includes the layout its marks cause,
// which the slice pays itself before it yields (LayoutSlicer), one block
// element (or a slice's worth of chunks of a long one) at a time. Mark-mode paintings form a
// stack (markStack) so marks inside marks come off in the right order.
// The painter (lib/painters.js) is chosen once, by mode; the run paints
// through its interface and paces itself by its pace (lib/pace.js).
//
// The root need not be in the document: under a DocumentFragment, a detached
// element, or a root the page takes out during a run, the run paints the
// detached tree (see locate.js isCurrent). With `shadow` and `frames` the run
// also reads open shadow roots and same-origin frames (collect.js), and an
// `observe` Highlighter follows the ones the last run found.

import { MARK_ATTRIBUTE, isFrame, walkChunks } from './collect.js';
import { isCurrent } from './locate.js';
import { createPainter } from './painters.js';
import { prefixRules } from './scope-styles.js';
/** @import { Chunk } from './collect.js' */
/** @import { PAINTERS } from './painters.js' */
/** @import { Slicer } from './schedule.js' */

/**
 * What a painting paints with (alam.js checkPaintOptions, or the extension):
 * `mode` a key of PAINTERS (lib/painters.js); `prefix` of classes and
 * highlight names; `exclude` a selector list ('' for none); `doc` the root's
 * document; `shadow`, `frames` read open shadow roots and same-origin frames
 * too; `css` the styles to copy into those (default: the rules of `doc` that
 * mention the prefix, see lib/scope-styles.js).
 * @typedef {{mode: keyof typeof PAINTERS, prefix: string, exclude: string, doc: Document,
 *   shadow?: boolean, frames?: boolean, css?: string}} PaintConfig
 */

/** The entity labels the recognizer knows. */
export const LABELS = Object.freeze(['PER', 'LOC', 'ORG', 'MISC']);

/** About how many UTF-16 units of text go to the recognizer in one request. */
const BATCH_CHARS = 32_000;
/**
 * The longest chunk (UTF-16 units): a longer paragraph is cut into pieces of
 * at most this, at sentence ends (collect.js cutChunk). It bounds one
 * recognizer call on this thread and the painting of one chunk.
 */
const MAX_CHUNK_CHARS = 4096;
/**
 * How many runs in a row may find chunks the page changed meanwhile before the
 * painting gives up with an 'error' event (a page that never stops changing).
 */
const MAX_STALE_RUNS = 5;
/** How long `observe` waits for a burst of DOM changes to settle (ms). */
const OBSERVE_DELAY_MS = 30;
/**
 * How many bursts in a row in which the page took alam's marks out `observe`
 * repaints (waiting twice as long each time) before it stops observing with an
 * 'error' event: a page that unwraps every mark would otherwise fight alam forever.
 */
const MAX_MARK_FIGHTS = 4;

/** The Highlighter and Finder currently painting each root (a new one replaces the old). */
export const highlighters = new WeakMap();
export const finders = new WeakMap();

/** Every MutationObserver of an `observe` Highlighter. */
const observers = new Set();

/**
 * Drops the pending records of every alam observer: called right after alam
 * changed the DOM itself (marks in or out), in the same task, so observers see
 * only the page's own changes.
 */
function forgetOwnMutations() {
  for (const observer of observers) observer.takeRecords();
}

/**
 * Mark-mode paintings in the order they painted. A painting may wrap text
 * inside the marks of those below it (a find match inside an entity), so
 * removing one first removes those above it, and repaints them afterwards.
 * @type {Painting[]}
 */
const markStack = [];

/**
 * One painting of a root: collect the text, ask the engine, paint the spans.
 * Highlighter and Finder differ only in the engine call and what they keep,
 * through these hooks: recognize(chunks, control) asks the engine;
 * describe(chunk, span) gives a span's label, key and title; begin() starts a
 * run's results; record(span) makes a mention or match (the painting adds
 * `range` and `marks`); keep(span, record) stores it; finish() publishes them.
 */
class Painting extends EventTarget {
  #generation = 0;
  #cleared = false;
  /** Runs in a row that found chunks the page had changed (see MAX_STALE_RUNS). */
  #staleRuns = 0;
  /** Paintings above this one that were taken off to unpaint it; repainted after its run. */
  #suspended = new Set();
  /** @type {Set<Node>} the shadow roots and frame documents the last collection read */
  scopes = new Set();

  /**
   * @param {Node} root
   * @param {PaintConfig} paint
   * @param {any} engine
   */
  constructor(root, paint, engine) {
    super();
    /** The node this painting covers. */
    this.root = root;
    /** 'highlights' (CSS Custom Highlight API) or 'mark' (<mark> elements): the painter's key in PAINTERS. */
    this.mode = paint.mode;
    /**
     * Figures of the last completed run: chunks, characters, mentions, `ms`
     * from start to done and `engineMs` of it spent waiting for the recognizer.
     */
    this.stats = { chunks: 0, characters: 0, mentions: 0, ms: 0, engineMs: 0 };
    this.engine = engine;
    this.doc = paint.doc;
    this.exclude = paint.exclude;
    this.paint = paint;
    this.painter = this.makePainter();
    /** Painters replaced by a run still in progress; cleared when it ends. */
    this.retired = [];
    /** Results of the last run by chunk text, reused when `observe` re-runs. */
    this.cache = new Map();
  }

  /** A new painter of this painting's mode. */
  makePainter() {
    const { mode, prefix, doc, css } = this.paint;
    return createPainter(mode, { doc, prefix, priority: this.priority, css: css ?? (() => prefixRules(doc, prefix)) });
  }

  /** Highlight priority of this painting's names. */
  get priority() {
    return 0;
  }

  /**
   * Which alam marks collection reads into (see lib/collect.js isSkipped).
   * @returns {boolean | string[]}
   */
  get readMarks() {
    return false;
  }

  /** Whether clear() was called (and refresh() not since). */
  get cleared() {
    return this.#cleared;
  }

  /**
   * Starts a run; `this.done` settles when it (or a run that replaced it) ends.
   * @param {boolean} useCache reuse the engine results of the last run by chunk text
   * @param {Promise<unknown>} [before] something to wait for first
   */
  start(useCache, before) {
    const generation = ++this.#generation;
    this.#cleared = false;
    const run = (async () => {
      if (before) await before;
      return this.#run(generation, useCache);
    })();
    run.catch((error) => this.dispatchEvent(new CustomEvent('error', { detail: error })));
    this.done = run;
    return run;
  }

  /**
   * @param {number} generation
   * @param {boolean} useCache
   */
  async #run(generation, useCache) {
    const cancelled = () => generation !== this.#generation || this.#cleared;
    // A cancelled run settles like the run that replaced it (or now, if cleared).
    const replaced = () => (this.#cleared ? this : this.done);
    if (cancelled()) return replaced();
    const started = performance.now();
    if (!this.painter.changesDom && useCache) {
      // A re-run after page changes: paint into a fresh painter and take the
      // old paint off only at the end, so nothing flickers meanwhile.
      this.retired.push(this.painter);
      this.painter = this.makePainter();
    } else {
      this.unpaint();
    }
    // Marks make the browser lay their paragraphs out again, ten times the
    // cost of writing them: their pace counts that layout too.
    const pace = this.painter.pace(this.doc, this.root);
    const control = { slicer: pace.slicer, cancelled };
    const chunks = await this.#collect(pace.slicer);
    if (cancelled()) return replaced();
    if (chunks === null) {
      // The page kept moving nodes out from under the walk: try later.
      this.#rerunIfStale(1);
      return this;
    }

    // Each distinct chunk (text and breaks) is recognized once: taken from the
    // last run's results when allowed, else sent in batches of about
    // BATCH_CHARS. A chunk still waiting maps to the index of its batch.
    const previous = useCache ? this.cache : new Map();
    const results = new Map();
    const batches = [];
    let size = Infinity;
    for (const chunk of chunks) {
      const key = keyOf(chunk);
      if (results.has(key)) continue;
      if (previous.has(key)) {
        results.set(key, previous.get(key));
        continue;
      }
      if (size + chunk.text.length > BATCH_CHARS) {
        batches.push([]);
        size = 0;
      }
      batches[batches.length - 1].push(chunk);
      size += chunk.text.length;
      results.set(key, batches.length - 1);
    }
    const requests = [];
    let waited = 0;
    const request = (i) =>
      (requests[i] ??= this.recognize(batches[i], control).then((found) => {
        if (found) batches[i].forEach((chunk, j) => results.set(keyOf(chunk), found[j]));
        return found;
      }));
    // A worker recognizes while this thread paints: put every batch in flight.
    if (this.engine.parallel) batches.forEach((_, i) => request(i));

    if (this.painter.changesDom) markStack.push(this);
    this.begin();
    let mentions = 0;
    let characters = 0;
    let stale = 0;
    for (const chunk of chunks) {
      characters += chunk.text.length;
      const key = keyOf(chunk);
      let spans = results.get(key);
      if (typeof spans === 'number') {
        // A worker answers in a later task: what was painted so far is shown
        // in this one, and a new slice starts after the wait. (The
        // main-thread engine recognizes within this run's slices instead.)
        const acrossTasks = this.engine.parallel;
        if (acrossTasks) pace.beforeWait();
        const asked = performance.now();
        const found = await request(spans);
        waited += performance.now() - asked;
        if (acrossTasks) pace.afterWait();
        if (found === null || cancelled()) return replaced();
        spans = results.get(key);
      }
      if (spans.length === 0) continue;
      stale += await pace.before(chunk);
      forgetOwnMutations();
      if (cancelled()) return replaced();
      if (!isCurrent(chunk, this.root)) {
        stale++; // the page changed it since collection
        continue;
      }
      mentions += this.paintChunk(chunk, spans);
      forgetOwnMutations();
      await pace.after(chunk);
      if (cancelled()) return replaced();
    }
    this.cache = results;
    stale += pace.end();
    forgetOwnMutations();
    this.#retire();
    this.finish();
    this.stats = { chunks: chunks.length, characters, mentions, ms: performance.now() - started, engineMs: waited };
    this.#resumeSuspended();
    this.dispatchEvent(new CustomEvent('done', { detail: this }));
    this.#rerunIfStale(stale);
    return this;
  }

  /**
   * Collects the root's chunks (collect.js walkChunks), yielding to the
   * browser between pieces of a large page; a walk the page cut short (it
   * moved the next node out of the root) is started again, twice at most.
   * Notes the shadow roots and frames read in `scopes`.
   * @param {Slicer} slicer
   * @returns {Promise<Chunk[] | null>}
   */
  async #collect(slicer) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const scopes = new Set();
      const { exclude, shadow, frames } = this.paint;
      const walk = walkChunks(this.root, { exclude, shadow, frames, scopes, readMarks: this.readMarks, maxChars: MAX_CHUNK_CHARS });
      let step = walk.next();
      while (!step.done) {
        await slicer.maybeYield();
        step = walk.next();
      }
      if (step.value !== null) {
        this.scopes = scopes;
        this.collected();
        return step.value;
      }
    }
    return null;
  }

  /** Called after each collection (Highlighter follows the new scopes). */
  collected() {}

  // The hooks of Highlighter and Finder (see the class comment).

  /**
   * Asks the engine for the spans of `chunks`, one list per chunk (null if cancelled).
   * @param {Chunk[]} chunks
   * @param {{slicer: Slicer, cancelled: () => boolean}} control
   * @returns {Promise<any[][] | null>}
   */
  recognize(chunks, control) {
    throw new Error('alam: a Painting must define recognize()');
  }

  /**
   * A span's label, key, title and text.
   * @param {Chunk} chunk
   * @param {any} span
   * @returns {{label: string, key: string, title: string, text: string, score?: number}}
   */
  describe(chunk, span) {
    throw new Error('alam: a Painting must define describe()');
  }

  /** Starts a run's results. */
  begin() {}

  /**
   * A new mention or match for `span` (the painting adds `range` and `marks`);
   * a Finder's match is its text alone.
   * @param {any} span
   * @returns {any}
   */
  record(span) {
    return { text: span.text };
  }

  /**
   * Stores a record made by record().
   * @param {any} span
   * @param {any} record
   */
  keep(span, record) {}

  /** Publishes a run's results. */
  finish() {}

  /**
   * After a run that found `stale` chunks the page had changed meanwhile,
   * starts another run in a later task, reusing the results so far; after
   * MAX_STALE_RUNS such runs in a row, gives up with an 'error' event instead
   * (a page that never stops changing would otherwise keep alam busy).
   * @param {number} stale
   */
  #rerunIfStale(stale) {
    if (stale === 0) {
      this.#staleRuns = 0;
      return;
    }
    if (++this.#staleRuns > MAX_STALE_RUNS) {
      this.#staleRuns = 0;
      const error = new Error(
        `alam: the page changed the text under the root during ${MAX_STALE_RUNS} runs in a row; ` +
          'stopped re-running (call refresh() to try again)',
      );
      this.dispatchEvent(new CustomEvent('error', { detail: error }));
      return;
    }
    const generation = this.#generation;
    setTimeout(() => {
      if (generation === this.#generation && !this.#cleared) this.start(true).catch(() => {}); // reported as an 'error' event
    }, OBSERVE_DELAY_MS);
  }

  /**
   * Paints the spans of one chunk, returning how many were painted. Each
   * record is its span's anchor (`range`, which a painter may make on first
   * read, and `marks`) with the record's fields added.
   * @param {Chunk} chunk
   * @param {{start: number, end: number}[]} spans
   */
  paintChunk(chunk, spans) {
    const painted = spans.map((span) => ({ ...this.describe(chunk, span), start: span.start, end: span.end }));
    const anchors = this.painter.paint(chunk, painted);
    painted.forEach((span, i) => this.keep(span, Object.assign(anchors[i], this.record(span))));
    return painted.length;
  }

  /**
   * Shows one mention or match of this painting as the current one (alam.css:
   * `::highlight(alam-focus)`, `mark.alam-focus`) and scrolls it into view,
   * until blur(), another focus() or the next run.
   * @param {{range: Range, marks: Element[]}} item a mention or match of this painting
   * @param {{scroll?: boolean}} [options] `scroll: false` leaves the page where it is
   */
  focus(item, { scroll = true } = {}) {
    this.painter.focus(item);
    if (scroll) scrollToRange(item.range);
  }

  /** Stops showing the current mention or match (see focus()). */
  blur() {
    this.painter.blur();
  }

  /**
   * Removes the painting, so the page is as before; the Painting stays usable.
   * Where the painter changes the DOM, the paintings painted after this one
   * come off first (they may sit inside its marks) and are repainted when this
   * one's run ends.
   */
  unpaint() {
    const at = markStack.indexOf(this);
    if (at >= 0) {
      for (const above of markStack.splice(at).slice(1).reverse()) {
        above.#suspend();
        this.#suspended.add(above);
      }
    }
    this.painter.clear();
    forgetOwnMutations();
  }

  /** Clears the painters a smooth re-run replaced. */
  #retire() {
    for (const painter of this.retired.splice(0)) painter.clear();
  }

  /** Cancels any run and takes the painting off (unpaint() of one below). */
  #suspend() {
    this.#generation++;
    this.painter.clear();
    forgetOwnMutations();
  }

  /** Repaints the paintings this one took off, now that it is done. */
  #resumeSuspended() {
    const suspended = [...this.#suspended];
    this.#suspended.clear();
    for (const painting of suspended) {
      if (!painting.cleared) {
        painting.start(true).catch(() => {}); // reported as an 'error' event
      }
    }
  }

  /** Stops any run and removes everything painted. */
  stop() {
    this.#cleared = true;
    this.#generation++;
    this.#retire();
    this.unpaint();
    this.cache = new Map();
    this.#resumeSuspended();
  }
}

/**
 * Scrolls `range` a third of the way down its window, and the frame that
 * holds it (if any) into view first.
 * @param {Range} range
 */
function scrollToRange(range) {
  const win = range.startContainer.ownerDocument?.defaultView;
  if (!win) return;
  const smooth = !win.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const behavior = smooth ? 'smooth' : 'auto';
  win.frameElement?.scrollIntoView({ block: 'center', behavior });
  const rect = range.getBoundingClientRect();
  win.scrollTo({ top: rect.top + win.scrollY - win.innerHeight / 3, behavior });
}

/**
 * Whether DOM change records include the removal of an alam mark (as when a
 * page unwraps the marks it finds).
 * @param {MutationRecord[]} records
 */
function removesMarks(records) {
  for (const record of records) {
    for (const node of record.removedNodes) {
      if (node.nodeType === 1 && node.nodeName === 'MARK' && /** @type {Element} */ (node).hasAttribute(MARK_ATTRIBUTE)) return true;
    }
  }
  return false;
}

/**
 * The key of a chunk's recognizer result: its text, and its breaks if any
 * (the same text with other element edges may have other entities).
 * @param {{text: string, breaks?: number[]}} chunk
 */
function keyOf(chunk) {
  return chunk.breaks?.length ? `${chunk.text}\u0000${chunk.breaks.join(',')}` : chunk.text;
}

/**
 * The text that occurs most often among `mentions` (the first on a tie).
 * @param {{text: string}[]} mentions
 */
function mostFrequentText(mentions) {
  const counts = new Map();
  let best = mentions[0].text;
  for (const { text } of mentions) {
    const n = (counts.get(text) ?? 0) + 1;
    counts.set(text, n);
    if (n > counts.get(best)) best = text;
  }
  return best;
}

/**
 * The entities painted under one root. Returned by highlight(); fires a 'done'
 * event (and settles `done`) after each run, and 'error' when a run fails.
 */
export class Highlighter extends Painting {
  #hidden = new Set();
  /** @type {MutationObserver | null} */
  #observer = null;
  /** @type {Set<Node>} the nodes #observer follows */
  #observed = new Set();
  #timer = 0;
  /** Bursts in a row in which the page removed alam's marks (see MAX_MARK_FIGHTS). */
  #fights = 0;
  #labels;
  #titles;
  #observe;
  #groups = new Map();

  /** @internal use highlight() */
  constructor(root, paint, engine, { labels, titles, observe, names }) {
    super(root, paint, engine);
    this.#labels = labels;
    this.#titles = titles;
    this.#observe = observe;
    /**
     * Entities of the last run, one per (label, key) in order of first mention:
     * `{key, label, name, mentions: [{text, label, key, score, range, marks}]}`
     * (`name` is the mention text seen most often, for display; `key` is the
     * recognizer's normalized grouping key).
     */
    this.entities = [];
    this.start(false, names ? engine.addNames(names) : undefined);
    if (observe) this.#watch();
  }

  /** Entities inside find matches are still read (find marks may be below). */
  get readMarks() {
    return ['find'];
  }

  /**
   * The wasm results for `chunks` (their texts, and their breaks).
   * @returns {Promise<any>}
   */
  recognize(chunks, control) {
    const texts = chunks.map((chunk) => chunk.text);
    const breaks = chunks.map((chunk) => chunk.breaks ?? []);
    return this.engine.entities(texts, { labels: this.#labels, breaks }, control);
  }

  describe(chunk, span) {
    const title = `${this.#titles[span.label] ?? span.label} · ${span.key}`;
    return { label: span.label, key: span.key, title, text: chunk.text.slice(span.start, span.end), score: span.score };
  }

  begin() {
    this.#groups = new Map();
    for (const label of this.#hidden) this.painter.setVisible(label, false);
  }

  record(span) {
    return { text: span.text, label: span.label, key: span.key, score: span.score };
  }

  keep(span, mention) {
    const id = `${span.label}\u0000${span.key}`;
    let group = this.#groups.get(id);
    if (!group) this.#groups.set(id, (group = { key: span.key, label: span.label, mentions: [] }));
    group.mentions.push(mention);
  }

  finish() {
    this.entities = [...this.#groups.values()];
    for (const group of this.entities) group.name = mostFrequentText(group.mentions);
  }

  unpaint() {
    super.unpaint();
    this.entities = [];
  }

  /**
   * Hides or shows one label's entities (persists across refresh()).
   * @param {string} label one of LABELS
   * @param {boolean} visible
   */
  setVisible(label, visible) {
    if (!LABELS.includes(label)) throw new TypeError(`alam: setVisible() label must be one of ${LABELS.join(', ')}`);
    if (typeof visible !== 'boolean') throw new TypeError('alam: setVisible() visible must be a boolean');
    if (visible) this.#hidden.delete(label);
    else this.#hidden.add(label);
    for (const painter of [this.painter, ...this.retired]) painter.setVisible(label, visible);
    forgetOwnMutations();
  }

  /**
   * Whether `label`'s entities are shown.
   * @param {string} label
   */
  isVisible(label) {
    return !this.#hidden.has(label);
  }

  /**
   * Runs again over the current DOM (after clear(), starts over).
   * @returns {Promise<Highlighter>}
   */
  refresh() {
    if (this.cleared) {
      highlighters.get(this.root)?.clear();
      highlighters.set(this.root, this);
      if (this.#observe) this.#watch();
    }
    return this.start(false);
  }

  /** Removes every highlight or mark, stops observing; refresh() starts over. */
  clear() {
    this.#unwatch();
    this.stop();
    if (highlighters.get(this.root) === this) highlighters.delete(this.root);
  }

  /** Stops observing the root (and any re-run it had scheduled). */
  #unwatch() {
    clearTimeout(this.#timer);
    this.doc.removeEventListener('load', this.#frameLoaded, true);
    this.#observer?.disconnect();
    observers.delete(this.#observer);
    this.#observer = null;
    this.#fights = 0;
  }

  /**
   * Follows DOM changes under the root, re-running (with cached results) after
   * a burst. When the page keeps taking alam's marks out, waits longer each
   * time, and after MAX_MARK_FIGHTS bursts in a row stops observing and fires
   * 'error' (the marks the page left stay; refresh() starts over).
   */
  #watch() {
    const win = this.doc.defaultView ?? globalThis.window;
    const observer = new win.MutationObserver((records) => {
      clearTimeout(this.#timer);
      this.#fights = removesMarks(records) ? this.#fights + 1 : 0;
      if (this.#fights > MAX_MARK_FIGHTS) {
        this.#unwatch();
        const error = new Error(
          `alam: the page removed alam's marks ${MAX_MARK_FIGHTS + 1} times in a row; stopped observing (refresh() paints again)`,
        );
        this.dispatchEvent(new CustomEvent('error', { detail: error }));
        return;
      }
      this.#rerunAfter(OBSERVE_DELAY_MS * 2 ** this.#fights);
    });
    this.#observer = observer;
    this.#observed = new Set();
    observers.add(observer); // so alam's own marks and merges are not taken for page changes
    this.#observeScopes();
    // A frame that loads (or loads another page) brings a document to read:
    // `load` does not bubble, but a capturing listener sees it.
    if (this.paint.frames) this.doc.addEventListener('load', this.#frameLoaded, true);
  }

  /**
   * Re-runs (with cached results) in `ms`, unless something else schedules
   * a re-run first.
   * @param {number} ms
   */
  #rerunAfter(ms) {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.start(true).catch(() => {}); // reported as an 'error' event
    }, ms);
  }

  /**
   * A `load` event under the document: a frame under the root loaded a document.
   * @param {Event} event
   */
  #frameLoaded = (event) => {
    const target = /** @type {Node} */ (event.target);
    if (isFrame(target) && this.root.contains(target)) this.#rerunAfter(OBSERVE_DELAY_MS);
  };

  /**
   * Observes the root and the shadow roots and frame documents the last
   * collection read that are not observed yet. (A shadow root attached, or a
   * frame loaded, after that collection is first read by the next run.)
   */
  #observeScopes() {
    for (const node of [this.root, ...this.scopes]) {
      if (this.#observed.has(node)) continue;
      this.#observer.observe(node, { childList: true, subtree: true, characterData: true });
      this.#observed.add(node);
    }
  }

  /** Follows the scopes a new collection found. */
  collected() {
    if (this.#observer) this.#observeScopes();
  }
}

/**
 * The matches of one query under one root. Returned by find(); fires 'done'
 * and settles `done` when painted.
 */
export class Finder extends Painting {
  #query;

  /** @internal use find() */
  constructor(root, paint, engine, query) {
    super(root, paint, engine);
    this.#query = query;
    /** The query searched for. */
    this.query = query;
    /** Matches in document order: `{text, range, marks}`. */
    this.matches = [];
    this.start(false);
  }

  get priority() {
    return 1;
  }

  /** Matches are found inside entity marks too. */
  get readMarks() {
    return true;
  }

  recognize(chunks, control) {
    if (this.#query.trim() === '') return Promise.resolve(chunks.map(() => []));
    return this.engine.find(
      chunks.map((chunk) => chunk.text),
      this.#query,
      control,
    );
  }

  describe(chunk, span) {
    return { label: 'find', key: this.#query, title: this.#query, text: chunk.text.slice(span.start, span.end) };
  }

  begin() {
    this.matches = [];
  }

  keep(span, match) {
    this.matches.push(match);
  }

  /** Removes the match highlights. */
  clear() {
    this.stop();
    this.matches = [];
    if (finders.get(this.root) === this) finders.delete(this.root);
  }
}
