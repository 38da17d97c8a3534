// Painter over the CSS Custom Highlight API: no DOM mutation at all, so Arabic
// letters stay joined and framework-managed DOM is left alone.
//
// Exports (stable; the extension imports it too):
//   highlightsSupported(win?) -> boolean
//   parkRanges(ranges, win)      move spent live Ranges out of the page
//   class HighlightPainter
//     new HighlightPainter({prefix = 'alam', win = globalThis, priority = 0, ownsRanges = false})
//     add(label, range)          paint `range` under `${prefix}-${label}`
//     stage(label, range)        the same, shown only at the next flush()
//     flush()                    show every staged range
//     setVisible(label, visible) hide or show this painter's ranges of one label
//     clear()                    remove this painter's ranges (and the names it left empty);
//                                with ownsRanges, also park the Ranges in an empty document
//     labels                     Set of labels painted so far
//
// Several painters (a highlighter, a find, another script) may share one
// highlight name: each adds and removes only its own ranges, and deletes a
// name from CSS.highlights only once it is empty. Names without the prefix
// (other scripts' highlights) are never touched.
// The styles are `::highlight(alam-PER)` rules (see alam.css).

/**
 * Whether `win` has the CSS Custom Highlight API.
 * @param {typeof globalThis} [win]
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
 * @param {typeof globalThis} win
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
 * @param {typeof globalThis} win
 */
export function parkRanges(ranges, win) {
  const parking = parkingNode(win);
  for (const range of ranges) if (typeof range.selectNodeContents === 'function') range.selectNodeContents(parking);
}

/** Paints Ranges into `CSS.highlights`, one `Highlight` per label. */
export class HighlightPainter {
  /**
   * @param {{prefix?: string, win?: typeof globalThis, priority?: number, ownsRanges?: boolean}} [options]
   *   `prefix` starts every highlight name (`alam` gives `alam-PER`); `priority`
   *   orders overlapping highlights (find uses a higher one than entities);
   *   `ownsRanges`: the Ranges given to add() are this painter's alone, so
   *   clear() may park them (they then no longer point into the page).
   */
  constructor({ prefix = 'alam', win = globalThis, priority = 0, ownsRanges = false } = {}) {
    if (!highlightsSupported(win)) {
      throw new Error('alam: this browser has no CSS Custom Highlight API; use mode "mark"');
    }
    this.prefix = prefix;
    this.win = win;
    this.priority = priority;
    this.ownsRanges = ownsRanges;
    /** @type {Map<string, Range[]>} label -> this painter's ranges */
    this.ranges = new Map();
    /** @type {Set<string>} labels currently hidden */
    this.hidden = new Set();
    /** @type {Map<string, Range[]>} label -> ranges not shown yet (see stage()) */
    this.staged = new Map();
  }

  /** Labels painted so far. */
  get labels() {
    return new Set(this.ranges.keys());
  }

  /**
   * The shared `Highlight` for `label`, created (and registered) if missing.
   * @param {string} label
   * @returns {Highlight}
   */
  highlightFor(label) {
    const name = `${this.prefix}-${label}`;
    let highlight = this.win.CSS.highlights.get(name);
    if (!highlight) {
      highlight = new this.win.Highlight();
      highlight.priority = this.priority;
      this.win.CSS.highlights.set(name, highlight);
    }
    return highlight;
  }

  /**
   * Paints `range` under `label`.
   * @param {string} label
   * @param {AbstractRange} range
   */
  add(label, range) {
    this.stage(label, range);
    this.flush();
  }

  /**
   * Paints `range` under `label` at the next flush(). Every range added to a
   * registered Highlight makes the browser work out the highlights again at
   * its next rendering update, so a long page shows its ranges in a few
   * batches rather than a frame at a time.
   * @param {string} label
   * @param {AbstractRange} range
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

  /** Shows the ranges staged since the last flush. */
  flush() {
    for (const [label, ranges] of this.staged) {
      const highlight = this.highlightFor(label);
      for (const range of ranges) highlight.add(range);
    }
    this.staged.clear();
  }

  /**
   * Hides or shows this painter's ranges of `label` (other painters' ranges
   * under the same name are untouched).
   * @param {string} label
   * @param {boolean} visible
   */
  setVisible(label, visible) {
    if (visible) {
      if (!this.hidden.delete(label)) return;
      const list = this.ranges.get(label) ?? [];
      if (list.length > 0) {
        const highlight = this.highlightFor(label);
        for (const range of list) highlight.add(range);
      }
    } else {
      if (this.hidden.has(label)) return;
      this.hidden.add(label);
      this.staged.delete(label);
      this.removeFrom(label);
    }
  }

  /**
   * Removes this painter's ranges of `label` from the page, deleting the
   * highlight name once no painter has ranges under it.
   * @param {string} label
   */
  removeFrom(label) {
    const name = `${this.prefix}-${label}`;
    const highlight = this.win.CSS.highlights.get(name);
    if (!highlight) return;
    for (const range of this.ranges.get(label) ?? []) highlight.delete(range);
    if (highlight.size === 0) this.win.CSS.highlights.delete(name);
  }

  /**
   * Removes everything this painter painted; it can be reused afterwards.
   * With `ownsRanges`, the removed Ranges are also parked in a separate, empty
   * document: a live Range costs time at every DOM change of its document
   * until it is garbage collected, and thousands of them make a later
   * `<mark>` pass crawl.
   */
  clear() {
    this.staged.clear();
    for (const label of this.ranges.keys()) this.removeFrom(label);
    if (this.ownsRanges) for (const list of this.ranges.values()) parkRanges(list, this.win);
    this.ranges.clear();
  }
}
