// The painters, behind one interface. A run (lib/painting.js) paints through
// it and never asks which painter it has; adding a painter is one file that
// implements it and one line in PAINTERS.
//
// Exports:
//   PAINTERS                      mode -> painter class
//   modeFor(mode, win) -> mode    'auto' resolved: the first painter that works in `win`
//   createPainter(mode, options)  a new painter of `mode`
//
// A painter class has `static supported(win) -> boolean` and
// `new Painter(options)` (PainterOptions below); a painter has:
//   paint(chunk, spans) -> Anchor[]   paint the spans of a chunk (collect.js), sorted,
//                                     non-overlapping, in chunk offsets
//   flush() -> number                 show what paint() staged; how many spans were
//                                     dropped because the page changed their nodes
//   setVisible(label, visible)        hide or show one label's spans
//   focus(anchor) / blur()            show one painted span as the current one
//                                     (`${prefix}-focus`), or stop
//   clear()                           remove everything painted, the page as before
//   changesDom                        whether painting changes the DOM (then a new
//                                     run clears the last one first, and paintings
//                                     that paint inside each other's marks stack)
//   pace(doc, root)                   how a run paces its work (lib/pace.js)
// Every painter puts a copy of the page's styles for its prefix into the shadow
// roots and frames it paints in (lib/scope-styles.js), and takes it out on clear().

import { HighlightPainter } from './paint-highlights.js';
import { MarkPainter } from './paint-marks.js';

/**
 * @typedef {{start: number, end: number, label: string, key: string, title?: string}} Span
 *   a span to paint, in chunk offsets
 * @typedef {{readonly range: Range, marks: Element[]}} Anchor
 *   where a span was painted: a live Range over it, and its marks (if any)
 * @typedef {{doc?: Document, prefix?: string, priority?: number, css?: string | (() => string)}} PainterOptions
 *   `doc`: the root's document; `prefix` starts every class and highlight
 *   name (`alam` gives `alam-PER`); `priority` orders overlapping painters
 *   (find above entities); `css`: the styles to copy into shadow roots and
 *   frames (or a function making them when first needed)
 * @typedef {HighlightPainter | MarkPainter} Painter
 */

/** The painters by mode, in the order 'auto' tries them. */
export const PAINTERS = Object.freeze({
  highlights: HighlightPainter,
  mark: MarkPainter,
});

/**
 * The painter mode for option `mode` in `win`: 'auto' is the first painter
 * that works there.
 * @param {string} mode 'auto' or a key of PAINTERS
 * @param {any} win
 * @returns {keyof typeof PAINTERS}
 */
export function modeFor(mode, win) {
  if (mode !== 'auto') return /** @type {keyof typeof PAINTERS} */ (mode);
  return /** @type {keyof typeof PAINTERS} */ (Object.keys(PAINTERS).find((name) => PAINTERS[name].supported(win)));
}

/**
 * A new painter of `mode`.
 * @param {keyof typeof PAINTERS} mode
 * @param {PainterOptions} options
 * @returns {Painter}
 */
export function createPainter(mode, options) {
  return new PAINTERS[mode](options);
}
