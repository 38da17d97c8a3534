// Painter that wraps spans in <mark> elements, for browsers without the CSS
// Custom Highlight API (or when the page wants real elements).
//
// Exports (stable; the extension imports it too):
//   class MarkPainter
//     new MarkPainter({doc = document, prefix = 'alam'})
//     paint(chunk, spans) -> Element[][]   wrap chunk spans, marks per span
//     setVisible(label, visible)           hide or show the marks of one label
//     clear()                              unwrap every mark, restoring the DOM exactly
//     labels                               Set of labels painted so far
//
// A span is {start, end, label, key, title?} in chunk offsets (see collect.js),
// sorted and non-overlapping. Each span becomes one
//   <mark class="alam alam-PER" data-alam-key="KEY" data-alam-label="PER" title="TITLE">
// per text node it touches (a span crossing <b> gets two marks). clear() puts
// the text nodes back and merges only the nodes this painter split, in reverse
// order, so the host's innerHTML is byte-identical afterwards; it never calls
// Node.normalize() on the page. Marks are made with createElement/setAttribute,
// never from HTML strings.

import { MARK_ATTRIBUTE } from './collect.js';
import { pieces } from './locate.js';

/** The attribute a hidden mark carries (alam.css removes its colour). */
export const HIDDEN_ATTRIBUTE = 'data-alam-hidden';

/** Wraps chunk spans in `<mark>` elements and can take them out again. */
export class MarkPainter {
  /**
   * @param {{doc?: Document, prefix?: string}} [options] `prefix` names the
   *   classes (`alam` gives `class="alam alam-PER"`).
   */
  constructor({ doc = globalThis.document, prefix = 'alam' } = {}) {
    this.doc = doc;
    this.prefix = prefix;
    /** @type {Element[]} every mark, in creation order */
    this.marks = [];
    /** @type {[Text, Text][]} [kept, split-off] pairs, in the order split */
    this.splits = [];
    /** @type {Set<string>} */
    this.hidden = new Set();
    /** @type {Set<string>} */
    this.labelsSeen = new Set();
  }

  /** Labels painted so far. */
  get labels() {
    return new Set(this.labelsSeen);
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
   * Wraps each span of `chunk` in marks. Must be called before the chunk's
   * nodes change; spans are processed from the last to the first so earlier
   * offsets stay valid while nodes are split.
   * @param {{text: string, nodes: Text[], starts: number[]}} chunk
   * @param {{start: number, end: number, label: string, key: string, title?: string}[]} spans
   * @returns {Element[][]} the marks of each span, in span order
   */
  paint(chunk, spans) {
    const planned = spans.map((span) => pieces(chunk, span.start, span.end));
    const result = new Array(spans.length);
    for (let i = spans.length - 1; i >= 0; i--) {
      const span = spans[i];
      const marks = [];
      for (let j = planned[i].length - 1; j >= 0; j--) {
        const { node, start, end } = planned[i][j];
        if (end < node.data.length) this.split(node, end);
        const target = start > 0 ? this.split(node, start) : node;
        marks.push(this.wrap(target, span));
      }
      result[i] = marks.reverse();
    }
    return result;
  }

  /**
   * Puts text node `node` inside a new mark for `span`.
   * @param {Text} node
   * @param {{label: string, key: string, title?: string}} span
   * @returns {Element}
   */
  wrap(node, span) {
    const mark = this.doc.createElement('mark');
    mark.className = `${this.prefix} ${this.prefix}-${span.label}`;
    mark.setAttribute(MARK_ATTRIBUTE, span.key);
    if (span.title) mark.setAttribute('title', span.title);
    if (this.hidden.has(span.label)) mark.setAttribute(HIDDEN_ATTRIBUTE, '');
    mark.dataset.alamLabel = span.label;
    node.parentNode.insertBefore(mark, node);
    mark.appendChild(node);
    this.marks.push(mark);
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
    for (const mark of this.marks) {
      if (mark.dataset.alamLabel !== label) continue;
      if (visible) mark.removeAttribute(HIDDEN_ATTRIBUTE);
      else mark.setAttribute(HIDDEN_ATTRIBUTE, '');
    }
  }

  /**
   * Unwraps every mark and merges back the text nodes this painter split, last
   * split first. A split whose two halves are no longer neighbours (the page
   * moved them) is left alone rather than merged wrongly.
   *
   * Most splits come in runs on one text node: the node kept its head and
   * each later piece sits right after it, bare or alone in one of our marks.
   * Such a run is put back with one write of the node's text and the removal
   * of the nodes after it (half the DOM operations of unwrapping each mark
   * and merging each piece in turn); the rest takes the general way.
   */
  clear() {
    const ours = new Set(this.marks);
    for (let last = this.splits.length - 1; last >= 0; ) {
      const kept = this.splits[last][0];
      let first = last;
      while (first > 0 && this.splits[first - 1][0] === kept) first--;
      this.restoreRun(kept, first, last, ours);
      last = first - 1;
    }
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
  }

  /**
   * Puts text node `kept` back together with the pieces split off it,
   * `this.splits[first..last]` (the last split is the piece nearest to it),
   * if they are still exactly as painted: `kept` bare or alone in one of our
   * marks, then each piece in document order, bare or alone in one of our
   * marks. Does nothing otherwise (clear() then takes the general way).
   * @param {Text} kept
   * @param {number} first
   * @param {number} last
   * @param {Set<Element>} ours this painter's marks
   */
  restoreRun(kept, first, last, ours) {
    const alone = (mark, text) => ours.has(mark) && mark.firstChild === text && mark.lastChild === text;
    const wrapper = alone(kept.parentNode, kept) ? kept.parentNode : null;
    const texts = [kept.data];
    let next = (wrapper ?? kept).nextSibling;
    for (let i = last; i >= first; i--) {
      const tail = this.splits[i][1];
      if (next !== tail && !alone(next, tail)) return;
      texts.push(tail.data);
      next = next.nextSibling;
    }
    if (wrapper) wrapper.replaceWith(kept);
    while (kept.nextSibling !== next) kept.nextSibling.remove();
    kept.data = texts.join('');
  }
}
