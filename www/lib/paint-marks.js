// Painter that wraps spans in <mark> elements, for browsers without the CSS
// Custom Highlight API (or when the page wants real elements). One of the
// painters of lib/painters.js (see there for the interface).
//
// Exports (stable; the extension imports it too):
//   class MarkPainter    the Painter interface (lib/painters.js), and
//     hasStaged          whether marks of long nodes wait for flush() (see below)
//     labels             Set of labels painted so far
//
// A span is {start, end, label, key, title?} in chunk offsets (see collect.js),
// sorted and non-overlapping. Each span becomes one
//   <mark class="alam alam-PER" data-alam-key="KEY" data-alam-label="PER" title="TITLE">
// per text node it touches (a span crossing <b> gets two marks). clear() puts
// the text nodes back and merges only the nodes this painter split, in reverse
// order, so the host's innerHTML is byte-identical afterwards; it never calls
// Node.normalize() on the page. Marks are made with createElement/setAttribute,
// never from HTML strings.
//
// The chunks of a paragraph too long for one chunk (`cut: true`, see
// collect.js `maxChars`) are not split span by span in the page: splitting
// copies a text node's text, so a long node would cost time quadratic in its
// length, and each change makes the browser lay the whole long paragraph out
// again (in Chromium, about as long as laying it out from scratch). Their
// marks are made off the page instead, and flush() puts them in at once, one
// write of each node's text and one insertion of its pieces after it, so the
// paragraph is laid out once.

import { MARK_ATTRIBUTE } from './collect.js';
import { pieces } from './locate.js';
import { LayoutPace } from './pace.js';
import { parkRanges } from './paint-highlights.js';
import { ScopeStyles } from './scope-styles.js';
/** @import { Chunk } from './collect.js' */
/** @import { Anchor, PainterOptions, Span } from './painters.js' */

/** The attribute a hidden mark carries (alam.css removes its colour). */
export const HIDDEN_ATTRIBUTE = 'data-alam-hidden';

/** Wraps chunk spans in `<mark>` elements and can take them out again. */
export class MarkPainter {
  /** Marks work in every browser. */
  static supported() {
    return true;
  }

  /**
   * @param {PainterOptions} [options] `prefix` names
   *   the classes (`alam` gives `class="alam alam-PER"`).
   */
  constructor({ doc = globalThis.document, prefix = 'alam', css = '' } = {}) {
    this.doc = doc;
    this.prefix = prefix;
    /** The copies of the styles in shadow roots and frames. */
    this.styles = new ScopeStyles(doc, css);
    /** @type {Range[]} the Ranges handed out over marks, moved out of the page on clear() */
    this.handedOut = [];
    /** @type {Element[]} the marks of the focused mention */
    this.focused = [];
    /** @type {HTMLElement[]} every mark, in creation order */
    this.marks = [];
    /** @type {[Text, Text][]} [kept, split-off] pairs, in the order split */
    this.splits = [];
    /** @type {Set<string>} */
    this.hidden = new Set();
    /** @type {Set<string>} */
    this.labelsSeen = new Set();
    /** @type {Map<Text, {length: number, parts: {start: number, end: number, mark: HTMLElement}[]}>} */
    this.staged = new Map();
  }

  /** Labels painted so far. */
  get labels() {
    return new Set(this.labelsSeen);
  }

  /** Painting splits text nodes: a run must clear the last one's marks first. */
  get changesDom() {
    return true;
  }

  /**
   * How a run paces its work with this painter (see lib/pace.js).
   * @param {Document} doc
   * @param {Node} root
   * @returns {LayoutPace}
   */
  pace(doc, root) {
    return new LayoutPace(this, doc, root);
  }

  /** Whether marks made off the page wait for flush(). */
  get hasStaged() {
    return this.staged.size > 0;
  }

  /**
   * Splits `node` at `offset`, remembering the split so clear() can undo it.
   * @param {Text} node
   * @param {number} offset
   * @returns {Text} the new node holding the text from `offset` on
   */
  split(node, offset) {
    const tail = node.splitText(offset);
    this.splits.push([node, tail]);
    return tail;
  }

  /**
   * Wraps each span of `chunk` in marks, returning where each went. Every
   * live Range slows every later DOM change, and marking is nothing but DOM
   * changes: an anchor's `range` is made on first read only (and parked by
   * clear()).
   * @param {Chunk} chunk
   * @param {Span[]} spans
   * @returns {Anchor[]}
   */
  paint(chunk, spans) {
    // A chunk never leaves its tree (collect.js): one look at its scope will do.
    if (spans.length > 0) this.styles.cover(chunk.nodes[0]);
    return this.wrapSpans(chunk, spans).map((marks) => {
      let range = null;
      const painter = this;
      return {
        marks,
        get range() {
          if (!range) painter.handedOut.push((range = rangeOverMarks(marks)));
          return range;
        },
      };
    });
  }

  /**
   * Wraps each span of `chunk` in marks. Must be called before the chunk's
   * nodes change; spans are processed from the last to the first so earlier
   * offsets stay valid while nodes are split. The marks of a `cut` chunk are
   * made off the page, and go in at the next flush().
   * @param {Chunk} chunk
   * @param {Span[]} spans
   * @returns {HTMLElement[][]} the marks of each span, in span order
   */
  wrapSpans(chunk, spans) {
    const planned = spans.map((span) => pieces(chunk, span.start, span.end));
    const staging = chunk.cut === true;
    const result = new Array(spans.length);
    for (let i = spans.length - 1; i >= 0; i--) {
      const span = spans[i];
      const marks = [];
      for (let j = planned[i].length - 1; j >= 0; j--) {
        const { node, start, end } = planned[i][j];
        if (staging) {
          marks.push(this.stage(node, start, end, span));
          continue;
        }
        if (end < node.data.length) this.split(node, end);
        const target = start > 0 ? this.split(node, start) : node;
        marks.push(this.wrap(target, span));
      }
      result[i] = marks.reverse();
    }
    return result;
  }

  /**
   * Makes the mark of `node`'s text `start..end` off the page; flush() puts it in.
   * @param {Text} node
   * @param {number} start
   * @param {number} end
   * @param {{label: string, key: string, title?: string}} span
   * @returns {HTMLElement}
   */
  stage(node, start, end, span) {
    let entry = this.staged.get(node);
    if (!entry) this.staged.set(node, (entry = { length: node.data.length, parts: [] }));
    const mark = this.makeMark(span);
    mark.appendChild(this.doc.createTextNode(node.data.slice(start, end)));
    entry.parts.push({ start, end, mark });
    return mark;
  }

  /**
   * Puts the marks made off the page into their nodes: each node keeps the
   * text before its first mark, and the marks and the text between them go in
   * after it in one insertion. A node the page changed since is left alone.
   * Call it once every chunk of those nodes is painted.
   * @returns {number} how many marks were dropped because their node changed
   */
  flush() {
    let dropped = 0;
    for (const [node, { length, parts }] of this.staged) {
      if (node.parentNode === null || node.data.length !== length) {
        dropped += parts.length;
        continue;
      }
      parts.sort((a, b) => a.start - b.start);
      this.putIn(node, parts);
    }
    this.staged.clear();
    return dropped;
  }

  /**
   * Puts the staged marks `parts` (sorted) into text node `node`: the node
   * keeps the text before the first mark, or goes into the first mark itself
   * when that starts the node (as wrap() does), and the other marks and the
   * text between them go in after it through one fragment.
   * @param {Text} node
   * @param {{start: number, end: number, mark: HTMLElement}[]} parts
   */
  putIn(node, parts) {
    const data = node.data;
    const inside = parts[0].start === 0 ? parts[0].mark : null;
    const after = this.doc.createDocumentFragment();
    let at = parts[0].start;
    parts.forEach(({ start, end, mark }, i) => {
      if (start > at) after.append(data.slice(at, start));
      if (i > 0 || !inside) after.append(mark);
      this.marks.push(mark);
      at = end;
    });
    if (at < data.length) after.append(data.slice(at));
    // Recorded as a chain of splits: each piece split off the one before.
    let kept = node;
    for (let piece = after.firstChild; piece; piece = piece.nextSibling) {
      const text = /** @type {Text} */ (piece.nodeType === 3 ? piece : piece.firstChild);
      this.splits.push([kept, text]);
      kept = text;
    }
    const keep = inside ? parts[0].end : parts[0].start;
    if (keep < data.length) node.data = data.slice(0, keep);
    if (inside) {
      node.before(inside);
      inside.replaceChildren(node);
    }
    (inside ?? node).after(after);
  }

  /**
   * Puts text node `node` inside a new mark for `span`.
   * @param {Text} node
   * @param {{label: string, key: string, title?: string}} span
   * @returns {HTMLElement}
   */
  wrap(node, span) {
    const mark = this.makeMark(span);
    node.parentNode.insertBefore(mark, node);
    mark.appendChild(node);
    this.marks.push(mark);
    return mark;
  }

  /**
   * A new, empty mark for `span`.
   * @param {{label: string, key: string, title?: string}} span
   * @returns {HTMLElement}
   */
  makeMark(span) {
    const mark = this.doc.createElement('mark');
    mark.className = `${this.prefix} ${this.prefix}-${span.label}`;
    mark.setAttribute(MARK_ATTRIBUTE, span.key);
    if (span.title) mark.setAttribute('title', span.title);
    if (this.hidden.has(span.label)) mark.setAttribute(HIDDEN_ATTRIBUTE, '');
    mark.dataset.alamLabel = span.label;
    this.labelsSeen.add(span.label);
    return mark;
  }

  /**
   * Hides (removes the colour of) or shows the marks of `label`.
   * @param {string} label
   * @param {boolean} visible
   */
  setVisible(label, visible) {
    if (visible) this.hidden.delete(label);
    else this.hidden.add(label);
    const staged = [...this.staged.values()].flatMap((entry) => entry.parts.map((part) => part.mark));
    for (const mark of [...this.marks, ...staged]) {
      if (mark.dataset.alamLabel !== label) continue;
      if (visible) mark.removeAttribute(HIDDEN_ATTRIBUTE);
      else mark.setAttribute(HIDDEN_ATTRIBUTE, '');
    }
  }

  /**
   * Unwraps every mark and merges back the text nodes this painter split
   * (marks still staged are dropped). A split whose two halves are no longer
   * neighbours (the page moved them) is left alone rather than merged wrongly.
   *
   * The splits of one original text node form a family: the node, which kept
   * the head of its text, and every piece split off it or off its pieces,
   * which follow it in document order, each bare or alone in one of our marks.
   * A family still exactly so is put back with one write of the node's text
   * and the removal of the nodes after it (linear in its text, however many
   * splits); the rest takes the general way, unwrapping each mark and merging
   * each split in reverse order.
   */
  clear() {
    this.blur();
    parkRanges(this.handedOut, this.doc.defaultView ?? globalThis.window);
    this.handedOut = [];
    this.staged.clear();
    const ours = new Set(this.marks);
    for (const [kept, tails] of families(this.splits)) this.restoreFamily(kept, tails, ours);
    for (const mark of this.marks) {
      const parent = mark.parentNode;
      if (!parent) continue;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      mark.remove();
    }
    for (let i = this.splits.length - 1; i >= 0; i--) {
      const [kept, tail] = this.splits[i];
      if (kept.nextSibling === tail) {
        kept.appendData(tail.data);
        tail.remove();
      }
    }
    this.marks = [];
    this.splits = [];
    this.labelsSeen.clear();
    this.styles.clear();
  }

  /**
   * Shows `anchor` as the current mention (class `${prefix}-focus` on its
   * marks) until blur() or another focus().
   * @param {Anchor} anchor
   */
  focus(anchor) {
    this.blur();
    this.focused = anchor.marks;
    for (const mark of this.focused) mark.classList.add(`${this.prefix}-focus`);
  }

  /** Stops showing the focused mention. */
  blur() {
    for (const mark of this.focused) mark.classList.remove(`${this.prefix}-focus`);
    this.focused = [];
  }

  /**
   * Puts text node `kept` back together with `tails`, the pieces split off
   * it, if they still follow it exactly as painted: `kept` bare or alone in
   * one of our marks, then each piece, bare or alone in one of our marks.
   * Does nothing otherwise (clear() then takes the general way).
   * @param {Text} kept
   * @param {Set<Text>} tails
   * @param {Set<Element>} ours this painter's marks
   */
  restoreFamily(kept, tails, ours) {
    /** @type {(mark: any, text: Node) => boolean} */
    const alone = (mark, text) => ours.has(mark) && mark.firstChild === text && mark.lastChild === text;
    const wrapper = alone(kept.parentNode, kept) ? /** @type {Element} */ (kept.parentNode) : null;
    const texts = [kept.data];
    /** @type {any} a text node or a mark */
    let next = (wrapper ?? kept).nextSibling;
    for (let n = 0; n < tails.size; n++) {
      /** @type {Text | null} */
      const text = tails.has(next) ? next : next && alone(next, next.firstChild) && tails.has(next.firstChild) ? next.firstChild : null;
      if (!text) return;
      texts.push(text.data);
      next = next.nextSibling;
    }
    if (wrapper) wrapper.replaceWith(kept);
    while (kept.nextSibling !== next) kept.nextSibling.remove();
    kept.data = texts.join('');
  }
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
 * Groups splits `[kept, tail]` by the original node they all came from: the
 * first `kept` of a chain of splits (a tail split again is in its parent's
 * family).
 * @param {[Text, Text][]} splits in the order made
 * @returns {Map<Text, Set<Text>>} original node -> every piece split off it
 */
function families(splits) {
  const origin = new Map();
  const out = new Map();
  for (const [kept, tail] of splits) {
    const first = origin.get(kept) ?? kept;
    origin.set(tail, first);
    let tails = out.get(first);
    if (!tails) out.set(first, (tails = new Set()));
    tails.add(tail);
  }
  return out;
}
