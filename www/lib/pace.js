// How a run paces its work with a painter: when a slice yields to the
// browser, and when what was painted is shown. Each painter picks its pace
// (pace() in lib/painters.js), so the run itself (lib/painting.js) is the same
// for every painter.
//
// Exports:
//   class ShowPace     for painters that change no layout (highlights)
//   class LayoutPace   for painters whose writes the browser lays out (marks)
//
// A pace has `slicer` (the run's Slicer, also used while collecting) and:
//   await before(chunk) -> dropped   before painting a chunk that has spans
//   await after(chunk)                after painting it
//   beforeWait() / afterWait()        around waiting for a worker (another task)
//   end() -> dropped                  after the last chunk
// `dropped` counts chunks whose marks could not go in because the page
// changed their nodes meanwhile (stale chunks).

import { isBlock } from './collect.js';
import { LayoutSlicer, Slicer } from './schedule.js';
/** @import { Chunk } from './collect.js' */

/** How long one slice of main-thread work may run before yielding (ms). */
const SLICE_MS = 20;
/**
 * In highlights mode, how often a long run shows the ranges it has found so far
 * (ms). Each batch shown makes the browser work out every highlight again at
 * its next rendering update, so a few batches cost less than one per slice.
 */
const SHOW_EVERY_MS = 250;
/**
 * The slice in mark mode, where a slice also pays for the layout of its marks
 * (a layout has a fixed cost, so fewer, fuller slices take less in all).
 */
const MARK_SLICE_MS = 30;

/**
 * Slices of SLICE_MS; what was painted is shown every SHOW_EVERY_MS and at
 * the end (painter.flush()).
 */
export class ShowPace {
  /** @param {{flush(): number}} painter */
  constructor(painter) {
    this.painter = painter;
    this.slicer = new Slicer(SLICE_MS);
    this.shown = performance.now();
  }

  /** @returns {Promise<number>} */
  async before() {
    return 0;
  }

  /** Shows the painted spans now and then, and yields when the slice is over. */
  async after() {
    if (performance.now() - this.shown >= SHOW_EVERY_MS) {
      this.painter.flush();
      this.shown = performance.now();
    }
    await this.slicer.maybeYield();
  }

  beforeWait() {}

  /** A new slice starts after the wait. */
  afterWait() {
    this.slicer.restart();
  }

  /** Shows what is left. */
  end() {
    return this.painter.flush();
  }
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
  while (node && node !== root && !(node.nodeType === 1 && isBlock(/** @type {Element} */ (node)))) node = node.parentNode;
  return node;
}

/**
 * Slices of MARK_SLICE_MS that count the layout of their marks (LayoutSlicer).
 * A slice ends between blocks (the chunks of one block share their layout),
 * before a block it has no room for. A block cut into several chunks is
 * written in slices that end on their own time and laid out once, after its
 * last chunk: each layout of a very long block costs about as much as laying
 * all of it out. The marks such a block stages go in (painter.flush()) when
 * the run moves on to another block.
 */
export class LayoutPace {
  /**
   * @param {{flush(): number, hasStaged: boolean}} painter
   * @param {Document} doc
   * @param {Node} root
   */
  constructor(painter, doc, root) {
    this.painter = painter;
    this.root = root;
    this.slicer = new LayoutSlicer(MARK_SLICE_MS, doc);
    /** @type {Node | null | undefined} the block of the last chunk painted */
    this.block = undefined;
  }

  /**
   * Makes room for `chunk`: at a new block, puts the last block's staged
   * marks in and ends the slice if the block does not fit.
   * @param {Chunk} chunk
   * @returns {Promise<number>} 1 if staged marks were dropped, else 0
   */
  async before(chunk) {
    const next = blockOf(chunk, this.root);
    if (next === this.block) {
      this.slicer.deferred = true;
      await this.slicer.maybeYield();
      return 0;
    }
    const dropped = this.painter.flush() > 0 ? 1 : 0;
    this.slicer.deferred = false;
    await this.slicer.makeRoom(chunk.text.length);
    this.block = next;
    return dropped;
  }

  /**
   * Counts the chunk's text as changed.
   * @param {Chunk} chunk
   */
  async after(chunk) {
    this.slicer.dirtied(chunk.text.length);
  }

  /** The marks written so far are laid out in this task. */
  beforeWait() {
    this.slicer.layOut();
  }

  /** A new slice starts after the wait. */
  afterWait() {
    this.slicer.restart();
  }

  /**
   * Puts a long block's marks in and lays them out in this task, as the
   * slices do (the last slice of other blocks is laid out by the browser).
   * @returns {number} 1 if staged marks were dropped, else 0
   */
  end() {
    const flushing = this.painter.hasStaged;
    const dropped = this.painter.flush() > 0 ? 1 : 0;
    this.slicer.deferred = false;
    if (flushing) this.slicer.layOut();
    return dropped;
  }
}
