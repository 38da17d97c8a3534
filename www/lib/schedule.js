// Cooperative time slicing: long work runs in slices of a few milliseconds and
// yields to the browser between them, so no task grows past 50 ms.
//
// Exports:
//   yieldToMain() -> Promise<void>
//   class Slicer        new Slicer(budgetMs = 8); await slicer.maybeYield();
//                       slicer.restart() after waiting across tasks
//   class LayoutSlicer  a Slicer that also pays for the layout its DOM writes
//                       cause: await makeRoom(n) before, dirtied(n) after a
//                       write; layOut() lays out the writes so far;
//                       `deferred = true` while writing one very long block
//
// Why LayoutSlicer: wrapping text in <mark> makes the browser lay the touched
// paragraphs out again, and in Chromium that means shaping their whole text
// anew (about 1-2 µs per character, ten times the cost of the DOM writes). Left
// to the next rendering update, the layout of everything written since the last
// frame lands in one task; and with scheduler.yield() continuations the
// browser renders only about every 100 ms, so a run wrote 100 ms of marks
// between frames and each frame took 150-650 ms on a 1 MB page. (A
// PerformanceObserver does not report such a rendering task, which runs no
// script, as a long task; it blocks input all the same.) A LayoutSlicer counts
// the characters it changed, predicts their layout time from what the earlier
// layouts of the run cost, ends the slice before the prediction passes the
// budget, and lays out what it wrote itself (one forced layout at the end of
// the slice, after all its writes), so every slice and every frame stays small.

/**
 * Resolves on a fresh task, letting input (and, at least every 100 ms or so,
 * rendering) run first. Uses `scheduler.yield()` where the browser has it (the
 * continuation keeps its priority), else a MessageChannel message (no 4 ms
 * setTimeout clamp).
 * @returns {Promise<void>}
 */
export function yieldToMain() {
  const scheduler = globalThis.scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Tracks how long the current slice has run and yields once it is over budget. */
export class Slicer {
  /** @param {number} [budgetMs] how long one slice may run before yielding */
  constructor(budgetMs = 8) {
    this.budgetMs = budgetMs;
    this.sliceStart = performance.now();
  }

  /** Milliseconds the current slice has run. */
  elapsed() {
    return performance.now() - this.sliceStart;
  }

  /** Yields to the browser if the current slice is over budget. */
  async maybeYield() {
    if (this.elapsed() >= this.budgetMs) await this.yield();
  }

  /** Ends the slice: yields, then starts the next one. */
  async yield() {
    await yieldToMain();
    this.restart();
  }

  /** Starts a new slice now (after the caller waited across tasks anyway). */
  restart() {
    this.sliceStart = performance.now();
  }
}

/**
 * Layout time per changed character assumed until a run has measured some
 * (ms): on the slow side, as when recognizer workers share the cores.
 */
const FIRST_MS_PER_CHAR = 0.005;
/** Bounds of the learned time per character (ms): a slice fits some text, never unbounded text. */
const MIN_MS_PER_CHAR = 0.00002;
const MAX_MS_PER_CHAR = 0.02;
/** How much of the past the estimate keeps at each new layout (the rest is the new one). */
const DECAY = 0.5;
/** A slice that has used less than this share of its budget is young enough to start writing in. */
const YOUNG_SHARE = 0.25;

/**
 * A Slicer for DOM writes that the browser must lay out again. A slice's cost
 * is its own time plus the predicted layout time of the characters it
 * changed; before it ends, the slice lays them out (a forced layout of the
 * document) and measures how long that took. The time per character is
 * learned from the layouts of the run so far (time over characters, older
 * layouts counting less), so it includes the fixed part of each layout (the
 * browser walks the changed paragraphs' parents and all their children): a
 * slice grows until its layout fills the budget.
 */
export class LayoutSlicer extends Slicer {
  /**
   * @param {number} budgetMs how long one slice, layout included, may run
   * @param {Document} doc the document written to
   */
  constructor(budgetMs, doc) {
    super(budgetMs);
    this.doc = doc;
    /** Characters changed since the last layout. */
    this.pending = 0;
    /** Predicted layout time per changed character (ms). */
    this.msPerChar = FIRST_MS_PER_CHAR;
    /** Decayed sums of the layout times and characters measured (the estimate is their ratio). */
    this.laidMs = 0;
    this.laidChars = 0;
    /**
     * While true, slices end on their own time only and do not lay out: set
     * while writing one very long block, whose every layout costs about as
     * much as laying out all of it (Chromium shapes its whole text again), so
     * it is laid out once, when the writes move on (makeRoom, layOut).
     */
    this.deferred = false;
  }

  /**
   * Predicted time of the current slice, the layout of its changes included,
   * if it changed `extraChars` more characters (ms).
   * @param {number} [extraChars]
   */
  cost(extraChars = 0) {
    return this.elapsed() + (this.pending + extraChars) * this.msPerChar;
  }

  /**
   * Call before changing `chars` characters: ends the slice first if that
   * change would take it over budget. The first change of a slice goes in at
   * once while the slice is young (so a paragraph too large for any slice is
   * still written, in a slice of its own), else it opens the next slice: each
   * layout has a fixed cost, so each should carry a whole slice of text.
   * @param {number} chars
   */
  async makeRoom(chars) {
    const over = this.pending > 0 ? this.cost(chars) >= this.budgetMs : this.elapsed() >= this.budgetMs * YOUNG_SHARE;
    if (over) await this.yield();
  }

  /**
   * Call after changing `chars` characters of laid-out text.
   * @param {number} chars
   */
  dirtied(chars) {
    this.pending += chars;
  }

  /** Yields if the slice, predicted layout included (unless deferred), is over budget. */
  async maybeYield() {
    if ((this.deferred ? this.elapsed() : this.cost()) >= this.budgetMs) await this.yield();
  }

  /** Lays out what the slice changed (unless deferred), then yields and starts the next slice. */
  async yield() {
    if (!this.deferred) this.layOut();
    await super.yield();
  }

  /**
   * Makes the browser lay out the changes now (reading a layout value forces
   * it), so the layout lands in this slice rather than in one large rendering
   * task, and updates the time per character from how long it took. Call it
   * also before waiting for something that ends the task. Does nothing while
   * `deferred`.
   */
  layOut() {
    if (this.pending === 0 || this.deferred) return;
    const started = performance.now();
    this.doc.documentElement?.getBoundingClientRect();
    const ms = performance.now() - started;
    this.laidMs = this.laidMs * DECAY + ms;
    this.laidChars = this.laidChars * DECAY + this.pending;
    this.msPerChar = Math.min(MAX_MS_PER_CHAR, Math.max(MIN_MS_PER_CHAR, this.laidMs / this.laidChars));
    this.pending = 0;
  }
}
