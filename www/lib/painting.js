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
//
// The root need not be in the document: under a DocumentFragment, a detached
// element, or a root the page takes out during a run, the run paints the
// detached tree (see locate.js isCurrent).

import { MARK_ATTRIBUTE, isBlock, walkChunks } from './collect.js';
import { isCurrent, locate } from './locate.js';
import { HighlightPainter, parkRanges } from './paint-highlights.js';
import { MarkPainter } from './paint-marks.js';
import { LayoutSlicer, Slicer } from './schedule.js';

/** The entity labels the recognizer knows. */
export const LABELS = Object.freeze(['PER', 'LOC', 'ORG', 'MISC']);

/** How long one slice of main-thread work may run before yielding (ms). */
const SLICE_MS = 20;
/**
 * In highlights mode, how often a long run shows the ranges it has found so far
 * (ms). Each batch shown makes the browser work out every highlight again at
 * its next rendering update, so a few batches cost less than one per slice.
 */
const SHOW_EVERY_MS = 250;
/**
 * The same in mark mode, where a slice also pays for the layout of its marks
 * (a layout has a fixed cost, so fewer, fuller slices take less in all).
 */
const MARK_SLICE_MS = 30;
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
 * The nearest block element around `chunk` (up to `root`): the browser lays
 * out the text of one block as a whole, so the chunks of one block (lines
 * between <br>s) are painted in one slice rather than each causing a layout of
 * the whole block.
 * @param {{nodes: Text[]}} chunk
 * @param {Node} root
 * @returns {Node | null}
 */
function blockOf(chunk, root) {
  let node = chunk.nodes[0].parentNode;
  while (node && node !== root && !(node.nodeType === 1 && isBlock(node))) node = node.parentNode;
  return node;
}

/**
 * A new Range from the first of `marks` to the last.
 * @param {Element[]} marks
 * @returns {Range}
 */
function rangeOverMarks(marks) {
  const range = marks[0].ownerDocument.createRange();
  range.setStartBefore(marks[0]);
  range.setEndAfter(marks[marks.length - 1]);
  return range;
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
  /** The Ranges handed out over marks (mark mode), moved out of the page when unpainted. */
  #markRanges = [];
  /** Paintings above this one that were taken off to unpaint it; repainted after its run. */
  #suspended = new Set();

  constructor(root, paint, engine) {
    super();
    /** The node this painting covers. */
    this.root = root;
    /** 'highlights' (CSS Custom Highlight API) or 'mark' (<mark> elements). */
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
    /** Highlight painters replaced by a run still in progress; cleared when it ends. */
    this.retired = [];
    /** Results of the last run by chunk text, reused when `observe` re-runs. */
    this.cache = new Map();
  }

  /** A new painter for this painting's mode. */
  makePainter() {
    const { mode, prefix, win, doc } = this.paint;
    return mode === 'highlights'
      ? new HighlightPainter({ prefix, win, priority: this.priority, ownsRanges: true })
      : new MarkPainter({ doc, prefix });
  }

  /** Highlight priority of this painting's names. */
  get priority() {
    return 0;
  }

  /** Which alam marks collection reads into (see lib/collect.js isSkipped). */
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
    // Marks make the browser lay their paragraphs out again, ten times the
    // cost of writing them: in mark mode the slices count that layout too.
    const marking = this.mode === 'mark';
    const slicer = marking ? new LayoutSlicer(MARK_SLICE_MS, this.doc) : new Slicer(SLICE_MS);
    const control = { slicer, cancelled };
    if (!marking && useCache) {
      // A re-run after page changes: paint into a fresh painter and take the
      // old highlights off only at the end, so nothing flickers meanwhile.
      this.retired.push(this.painter);
      this.painter = this.makePainter();
    } else {
      this.unpaint();
    }
    const chunks = await this.#collect(slicer);
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

    if (marking) markStack.push(this);
    this.begin();
    let mentions = 0;
    let characters = 0;
    let stale = 0;
    let block = null; // in mark mode, the block of the last chunk painted
    let shown = started; // in highlights mode, when staged ranges were last shown
    for (const chunk of chunks) {
      characters += chunk.text.length;
      const key = keyOf(chunk);
      let spans = results.get(key);
      if (typeof spans === 'number') {
        // A worker answers in a later task: the marks written so far are laid
        // out in this one, and a new slice starts after the wait. (The
        // main-thread engine recognizes within this run's slices instead.)
        const acrossTasks = this.engine.parallel;
        if (acrossTasks && marking) slicer.layOut();
        const asked = performance.now();
        const found = await request(spans);
        waited += performance.now() - asked;
        if (acrossTasks) slicer.restart();
        if (found === null || cancelled()) return replaced();
        spans = results.get(key);
      }
      if (spans.length === 0) continue;
      if (marking) {
        // A slice ends between blocks (the chunks of one block share their
        // layout), before a block it has no room for (see LayoutSlicer). A
        // block cut into several chunks is written in slices that end on
        // their own time and laid out once, after its last chunk: each layout
        // of a very long block costs about as much as laying all of it out.
        const next = blockOf(chunk, this.root);
        if (next !== block) {
          stale += this.#flushMarks();
          slicer.deferred = false;
          await slicer.makeRoom(chunk.text.length);
          block = next;
        } else {
          slicer.deferred = true;
          await slicer.maybeYield();
        }
        if (cancelled()) return replaced();
      }
      if (!isCurrent(chunk, this.root)) {
        stale++; // the page changed it since collection
        continue;
      }
      mentions += this.paintChunk(chunk, spans);
      forgetOwnMutations();
      if (marking) {
        slicer.dirtied(chunk.text.length);
      } else {
        if (performance.now() - shown >= SHOW_EVERY_MS) {
          this.painter.flush();
          shown = performance.now();
        }
        await slicer.maybeYield();
        if (cancelled()) return replaced();
      }
    }
    this.cache = results;
    if (marking) {
      // A long block's marks go in now; lay them out in this task, as the
      // slices do (the last slice of other blocks is laid out by the browser).
      const flushing = this.painter.hasStaged;
      stale += this.#flushMarks();
      slicer.deferred = false;
      if (flushing) slicer.layOut();
    } else {
      this.painter.flush();
    }
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
   * @param {Slicer} slicer
   * @returns {Promise<ReturnType<typeof walkChunks> extends Generator<any, infer R> ? R : never>}
   */
  async #collect(slicer) {
    const options = { exclude: this.exclude, readMarks: this.readMarks, maxChars: MAX_CHUNK_CHARS };
    for (let attempt = 0; attempt < 3; attempt++) {
      const walk = walkChunks(this.root, options);
      let step = walk.next();
      while (!step.done) {
        await slicer.maybeYield();
        step = walk.next();
      }
      if (step.value !== null) return step.value;
    }
    return null;
  }

  /**
   * Mark mode: puts in the marks made off the page for long text nodes (see
   * MarkPainter.flush), returning 1 if some could not go in because the page
   * changed their node meanwhile (a stale chunk), else 0.
   */
  #flushMarks() {
    const dropped = this.painter.flush();
    forgetOwnMutations();
    return dropped > 0 ? 1 : 0;
  }

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
   * Paints the spans of one chunk, returning how many were painted.
   * @param {{text: string, nodes: Text[], starts: number[]}} chunk
   * @param {{start: number, end: number}[]} spans
   */
  paintChunk(chunk, spans) {
    const painted = spans.map((span) => ({ ...this.describe(chunk, span), start: span.start, end: span.end }));
    if (this.mode === 'mark') {
      const marks = this.painter.paint(chunk, painted);
      // Every live Range slows every later DOM change, and marking is nothing
      // but DOM changes: `range` is made on first read only, and unpaint()
      // moves the Ranges handed out out of the page before unwrapping.
      painted.forEach((span, i) => {
        const record = this.record(span);
        record.marks = marks[i];
        let range = null;
        const get = () => {
          if (!range) this.#markRanges.push((range = rangeOverMarks(marks[i])));
          return range;
        };
        Object.defineProperty(record, 'range', { enumerable: true, get });
        this.keep(span, record);
      });
    } else {
      for (const span of painted) {
        const record = this.record(span);
        record.range = locate(chunk, span.start, span.end);
        record.marks = [];
        this.painter.stage(span.label, record.range);
        this.keep(span, record);
      }
    }
    return painted.length;
  }

  /**
   * Removes the painting, so the page is as before; the Painting stays usable.
   * In mark mode the paintings painted after this one come off first (they
   * may sit inside its marks) and are repainted when this one's run ends.
   */
  unpaint() {
    const at = markStack.indexOf(this);
    if (at >= 0) {
      for (const above of markStack.splice(at).slice(1).reverse()) {
        above.#suspend();
        this.#suspended.add(above);
      }
    }
    this.#parkMarkRanges();
    this.painter.clear();
    forgetOwnMutations();
  }

  /** Moves the Ranges handed out over marks out of the page (see paintChunk). */
  #parkMarkRanges() {
    parkRanges(this.#markRanges, this.paint.win);
    this.#markRanges = [];
  }

  /** Clears the painters a smooth re-run replaced. */
  #retire() {
    for (const painter of this.retired.splice(0)) painter.clear();
  }

  /** Cancels any run and takes the painting off (unpaint() of one below). */
  #suspend() {
    this.#generation++;
    this.#parkMarkRanges();
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
 * Whether DOM change records include the removal of an alam mark (as when a
 * page unwraps the marks it finds).
 * @param {MutationRecord[]} records
 */
function removesMarks(records) {
  for (const record of records) {
    for (const node of record.removedNodes) {
      if (node.nodeType === 1 && node.tagName === 'MARK' && node.hasAttribute(MARK_ATTRIBUTE)) return true;
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
  #observer = null;
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
    const win = (this.root.ownerDocument ?? this.root).defaultView ?? globalThis;
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
      this.#timer = setTimeout(() => {
        this.start(true).catch(() => {}); // reported as an 'error' event
      }, OBSERVE_DELAY_MS * 2 ** this.#fights);
    });
    observer.observe(this.root, { childList: true, subtree: true, characterData: true });
    this.#observer = observer;
    observers.add(observer); // so alam's own marks and merges are not taken for page changes
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

  record(span) {
    return { text: span.text };
  }

  keep(span, match) {
    this.matches.push(match);
  }

  finish() {}

  /** Removes the match highlights. */
  clear() {
    this.stop();
    this.matches = [];
    if (finders.get(this.root) === this) finders.delete(this.root);
  }
}
