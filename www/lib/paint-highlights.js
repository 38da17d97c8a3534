// Painter over the CSS Custom Highlight API: no DOM mutation at all, so Arabic
// letters stay joined and framework-managed DOM is left alone. One of the
// painters of lib/painters.js (see there for the interface).
//
// Exports (stable; the extension imports them too):
//   highlightsSupported(win?) -> boolean
//   parkRanges(ranges, win)      move spent live Ranges out of the page
//   class HighlightPainter       the Painter interface (lib/painters.js), and
//     stage(label, range)        paint a Range made elsewhere at the next flush()
//     labels                     Set of labels painted so far
//
// Several painters (a highlighter, a find, another script) may share one
// highlight name: each adds and removes only its own ranges, and deletes a
// name from CSS.highlights only once it is empty. Names without the prefix
// (other scripts' highlights) are never touched. Each document has its own
// registry: a range inside a frame is registered in the frame's
// `CSS.highlights`. The styles are `::highlight(alam-PER)` rules (see
// alam.css); shadow roots and frames get a copy (lib/scope-styles.js).

import { locate } from './locate.js';
import { ShowPace } from './pace.js';
import { ScopeStyles } from './scope-styles.js';
/** @import { Chunk } from './collect.js' */
/** @import { Anchor, PainterOptions, Span } from './painters.js' */

/** Highlight priority of the focused mention: above entities (0) and find matches (1). */
const FOCUS_PRIORITY = 2;

/**
 * Whether `win` has the CSS Custom Highlight API.
 * @param {any} [win] a window
 * @returns {boolean}
 */
export function highlightsSupported(win = globalThis) {
  return typeof win.Highlight === 'function' && !!win.CSS && 'highlights' in win.CSS;
}

/** @type {WeakMap<object, Node>} window -> a node of an inert document */
const parkingNodes = new WeakMap();

/**
 * A node in a separate, empty document of `win`, where spent Ranges can go so
 * the page's document stops updating them.
 * @param {Window} win
 * @returns {Node}
 */
function parkingNode(win) {
  let node = parkingNodes.get(win);
  if (!node) {
    node = win.document.implementation.createHTMLDocument('').createTextNode('');
    parkingNodes.set(win, node);
  }
  return node;
}

/**
 * Moves live Ranges out of the page, into an empty document of `win`: a live
 * Range costs time at every DOM change of its document until it is garbage
 * collected, and thousands of them make DOM writes (a `<mark>` pass, its
 * clear()) crawl. StaticRanges are left alone (they cost nothing).
 * @param {Iterable<AbstractRange>} ranges
 * @param {Window} win
 */
export function parkRanges(ranges, win) {
  const parking = parkingNode(win);
  for (const range of ranges) if ('selectNodeContents' in range) /** @type {Range} */ (range).selectNodeContents(parking);
}

/**
 * The window whose highlight registry paints `range` (its document's), or
 * null once that document has no window (a frame navigated away).
 * @param {AbstractRange} range
 * @returns {any} a window (TypeScript's Window lacks CSS.highlights and Highlight)
 */
function windowOf(range) {
  return range.startContainer.ownerDocument?.defaultView ?? null;
}

/** Paints chunk spans into `CSS.highlights`, one `Highlight` per label and document. */
export class HighlightPainter {
  /**
   * Whether this painter works in `win`.
   * @param {any} win
   */
  static supported(win) {
    return highlightsSupported(win);
  }

  /**
   * @param {PainterOptions} [options]
   */
  constructor({ doc = globalThis.document, prefix = 'alam', priority = 0, css = '' } = {}) {
    const win = doc.defaultView ?? globalThis.window;
    if (!highlightsSupported(win)) {
      throw new Error('alam: this browser has no CSS Custom Highlight API; use mode "mark"');
    }
    this.win = win;
    this.prefix = prefix;
    this.priority = priority;
    /** @type {Map<string, Range[]>} label -> this painter's ranges */
    this.ranges = new Map();
    /** @type {Set<string>} labels currently hidden */
    this.hidden = new Set();
    /** @type {Map<string, Range[]>} label -> ranges not shown yet (see stage()) */
    this.staged = new Map();
    /** The copies of the styles in shadow roots and frames. */
    this.styles = new ScopeStyles(doc, css);
    /** @type {{name: string, highlight: Highlight, win: any} | null} the focused mention's highlight */
    this.focused = null;
  }

  /** Painting adds no nodes: a new run may paint before the last one is cleared. */
  get changesDom() {
    return false;
  }

  /** Labels painted so far. */
  get labels() {
    return new Set(this.ranges.keys());
  }

  /**
   * How a run paces its work with this painter (see lib/pace.js).
   * @returns {ShowPace}
   */
  pace() {
    return new ShowPace(this);
  }

  /**
   * Paints the spans of `chunk` at the next flush(), returning where each went.
   * @param {Chunk} chunk
   * @param {Span[]} spans
   * @returns {Anchor[]}
   */
  paint(chunk, spans) {
    // A chunk never leaves its tree (collect.js): one look at its scope will do.
    if (spans.length > 0) this.styles.cover(chunk.nodes[0]);
    return spans.map((span) => {
      const range = locate(chunk, span.start, span.end);
      this.stage(span.label, range);
      return { range, marks: [] };
    });
  }

  /**
   * The shared `Highlight` for `label` in `win`'s registry, created (and
   * registered) if missing.
   * @param {string} label
   * @param {any} win
   * @returns {Highlight}
   */
  highlightFor(label, win) {
    const name = `${this.prefix}-${label}`;
    let highlight = win.CSS.highlights.get(name);
    if (!highlight) {
      highlight = new win.Highlight();
      highlight.priority = this.priority;
      win.CSS.highlights.set(name, highlight);
    }
    return highlight;
  }

  /**
   * Paints `range` (this painter's from now on) under `label` at the next
   * flush(). Every range added to a registered Highlight makes the browser
   * work out the highlights again at its next rendering update, so a long page
   * shows its ranges in a few batches rather than a frame at a time.
   * @param {string} label
   * @param {Range} range
   */
  stage(label, range) {
    let list = this.ranges.get(label);
    if (!list) this.ranges.set(label, (list = []));
    list.push(range);
    if (this.hidden.has(label)) return;
    let staged = this.staged.get(label);
    if (!staged) this.staged.set(label, (staged = []));
    staged.push(range);
  }

  /**
   * Shows the ranges staged since the last flush.
   * @returns {number} how many spans were dropped (none: ranges follow the page)
   */
  flush() {
    for (const [label, ranges] of this.staged) this.show(label, ranges);
    this.staged.clear();
    return 0;
  }

  /**
   * Adds `ranges` to the `label` highlight of each one's document (looked up
   * again only where the document changes: ranges come in document runs).
   * @param {string} label
   * @param {Range[]} ranges
   */
  show(label, ranges) {
    let win = null;
    let highlight = null;
    for (const range of ranges) {
      const next = windowOf(range);
      if (!next) continue;
      if (next !== win) highlight = this.highlightFor(label, (win = next));
      highlight.add(range);
    }
  }

  /**
   * Hides or shows this painter's ranges of `label` (other painters' ranges
   * under the same name are untouched).
   * @param {string} label
   * @param {boolean} visible
   */
  setVisible(label, visible) {
    if (visible) {
      if (this.hidden.delete(label)) this.show(label, this.ranges.get(label) ?? []);
    } else if (!this.hidden.has(label)) {
      this.hidden.add(label);
      this.staged.delete(label);
      this.removeFrom(label);
    }
  }

  /**
   * Removes this painter's ranges of `label` from the page, deleting the
   * highlight name from each registry once no painter has ranges under it.
   * @param {string} label
   */
  removeFrom(label) {
    const name = `${this.prefix}-${label}`;
    const touched = new Set();
    let win = null;
    let highlight = null;
    for (const range of this.ranges.get(label) ?? []) {
      const next = windowOf(range);
      if (next !== win) {
        win = next;
        highlight = win?.CSS.highlights.get(name);
        if (highlight) touched.add(win.CSS.highlights);
      }
      highlight?.delete(range);
    }
    for (const registry of touched) if (registry.get(name)?.size === 0) registry.delete(name);
  }

  /**
   * Shows `anchor` as the current mention (highlight `${prefix}-focus`, above
   * the others) until blur() or another focus().
   * @param {Anchor} anchor
   */
  focus(anchor) {
    this.blur();
    // A copy: the painting that made the anchor parks its Range when it clears.
    const range = anchor.range.cloneRange();
    const win = windowOf(range);
    if (!win) return;
    const highlight = new win.Highlight(range);
    highlight.priority = FOCUS_PRIORITY;
    const name = `${this.prefix}-focus`;
    win.CSS.highlights.set(name, highlight);
    this.focused = { name, highlight, win };
  }

  /** Stops showing the focused mention. */
  blur() {
    if (!this.focused) return;
    const { name, highlight, win } = this.focused;
    if (win.CSS.highlights.get(name) === highlight) win.CSS.highlights.delete(name);
    this.focused = null;
  }

  /**
   * Removes everything this painter painted (its ranges, the focus, the
   * styles it put in shadow roots and frames); it can be reused afterwards.
   * The Ranges it made are parked in a separate, empty document: a live Range
   * costs time at every DOM change of its document until it is garbage
   * collected, and thousands of them make a later `<mark>` pass crawl.
   */
  clear() {
    this.staged.clear();
    this.blur();
    for (const label of this.ranges.keys()) this.removeFrom(label);
    for (const list of this.ranges.values()) parkRanges(list, this.win);
    this.ranges.clear();
    this.styles.clear();
  }
}
