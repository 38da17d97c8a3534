// One painting interface over the two page painters of www/lib: the CSS Custom
// Highlight API where the browser has it (no DOM change at all), `<mark>`
// elements where it does not.
//
//   createPainter(prefix) -> {
//     paint(chunk, spans) -> anchor[]   one anchor per span: a Range or an Element,
//                                       something to scroll to; spans of one chunk
//                                       must be painted in one call
//     focus(anchor)                     scrolls to an anchor and flashes it
//     setVisible(label, visible), clear()
//     changesDom                        true for the <mark> painter
//   }

import { locate } from '../lib/locate.js';
import { HighlightPainter, highlightsSupported } from '../lib/paint-highlights.js';
import { MarkPainter } from '../lib/paint-marks.js';

/** How long a revealed mention stays flashed, in milliseconds. */
const FLASH_MS = 1500;

/** The element to scroll to for an anchor. */
function elementOf(anchor) {
  if (anchor instanceof Element) return anchor;
  const node = anchor.startContainer;
  return node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
}

/** A painter into `CSS.highlights`, names `${prefix}-${label}`. */
function highlightPainter(prefix) {
  const painter = new HighlightPainter({ prefix });
  const flash = new HighlightPainter({ prefix, priority: 1 });
  let flashTimer = 0;
  return {
    changesDom: false,
    paint(chunk, spans) {
      return spans.map((span) => {
        const range = locate(chunk, span.start, span.end);
        painter.add(span.label, range);
        return range;
      });
    },
    focus(range) {
      elementOf(range)?.scrollIntoView({ block: 'center' });
      flash.clear();
      flash.add('focus', range);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => flash.clear(), FLASH_MS);
    },
    setVisible: (label, visible) => painter.setVisible(label, visible),
    clear() {
      painter.clear();
      flash.clear();
    },
  };
}

/** A painter of `<mark class="${prefix} ${prefix}-LABEL">` elements. */
function markPainter(prefix) {
  const painter = new MarkPainter({ prefix });
  return {
    changesDom: true,
    paint(chunk, spans) {
      return painter.paint(chunk, spans).map((marks) => marks[0]);
    },
    focus(mark) {
      mark.scrollIntoView({ block: 'center' });
      mark.classList.add(`${prefix}-focus`);
      setTimeout(() => mark.classList.remove(`${prefix}-focus`), FLASH_MS);
    },
    setVisible: (label, visible) => painter.setVisible(label, visible),
    clear: () => painter.clear(),
  };
}

/** The best painter this browser supports. */
export function createPainter(prefix) {
  return highlightsSupported() ? highlightPainter(prefix) : markPainter(prefix);
}
