// Text collection: the visible text under a root, split into chunks at block
// boundaries, with a table back to the DOM text nodes it came from.
//
// Exports (stable; the extension imports them too):
//   collectChunks(root, {exclude?, readMarks?}) -> Chunk[]
//   isSkipped(element, exclude?, readMarks?) -> boolean
//   isBlock(element) -> boolean
//   MARK_ATTRIBUTE   'data-alam-key', the attribute every alam <mark> carries
//
// A Chunk is {text, nodes, starts}: `text` is the concatenated data of the text
// nodes `nodes` (document order); `starts[i]` is the UTF-16 offset in `text`
// where `nodes[i]` begins. Offsets are UTF-16 code units, as in JavaScript strings.
//
// Block elements and <br> end a chunk (an entity never spans two paragraphs);
// inline elements (b, i, a, span, ...) do not, so a name split by <b> stays in
// one chunk. Nothing here knows about Arabic or about the wasm module.

/** The attribute every alam `<mark>` carries; collection skips such marks. */
export const MARK_ATTRIBUTE = 'data-alam-key';

/** Elements whose content is never page prose. */
const SKIPPED_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT',
  'OPTION', 'SVG', 'MATH', 'CANVAS', 'IFRAME', 'OBJECT', 'HEAD', 'TITLE',
]);

/** Elements that start and end a chunk. Everything else is treated as inline. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'BR', 'BUTTON', 'CAPTION',
  'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR',
  'HTML', 'IMG', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'VIDEO',
  'AUDIO', 'PICTURE',
]);

/**
 * Whether `element` starts a new chunk (block-level or a line break).
 * Decided by tag name, not computed style, so it is fast and deterministic.
 * @param {Element} element
 * @returns {boolean}
 */
export function isBlock(element) {
  return BLOCK_TAGS.has(element.tagName.toUpperCase());
}

/**
 * Whether collection skips `element` and everything inside it: non-prose
 * elements (script, style, form fields, ...), editable regions, anything under
 * `[data-alam-ignore]`, alam's own marks, and elements matching `exclude`.
 * @param {Element} element
 * @param {string} [exclude] a selector list, or '' for none
 * @param {boolean | string[]} [readMarks] read into alam marks after all:
 *   `true` for every mark, or a list of mark labels (`data-alam-label`), e.g.
 *   `['find']` so entities inside find matches are still seen
 * @returns {boolean}
 */
export function isSkipped(element, exclude, readMarks = false) {
  return (
    SKIPPED_TAGS.has(element.tagName.toUpperCase()) ||
    element.hasAttribute('contenteditable') ||
    element.hasAttribute('data-alam-ignore') ||
    (element.tagName === 'MARK' && element.hasAttribute(MARK_ATTRIBUTE) && !readsMark(element, readMarks)) ||
    (!!exclude && element.matches(exclude))
  );
}

/** Whether `readMarks` lets collection into alam mark `mark`. */
function readsMark(mark, readMarks) {
  return readMarks === true || (Array.isArray(readMarks) && readMarks.includes(mark.getAttribute('data-alam-label')));
}

/**
 * Turns the `exclude` option (a selector or a list of selectors) into one
 * selector list, checking that it parses.
 * @param {string | string[] | undefined} exclude
 * @param {Document} doc
 * @returns {string}
 */
export function excludeSelector(exclude, doc) {
  if (exclude === undefined || exclude === null) return '';
  const list = typeof exclude === 'string' ? [exclude] : exclude;
  if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) {
    throw new TypeError('alam: `exclude` must be a CSS selector or an array of selectors');
  }
  const selector = list.filter((s) => s.trim() !== '').join(', ');
  if (selector) {
    try {
      doc.createDocumentFragment().querySelector(selector);
    } catch {
      throw new TypeError(`alam: \`exclude\` is not a valid selector: ${selector}`);
    }
  }
  return selector;
}

/**
 * Collects the text under `root` (an Element, Document, DocumentFragment or
 * Text node) into chunks split at block boundaries. Chunks with no
 * non-whitespace text are dropped.
 * @param {Node} root
 * @param {{exclude?: string | string[], readMarks?: boolean | string[]}} [options]
 *   `exclude`: selectors of subtrees to skip; `readMarks`: see isSkipped()
 * @returns {{text: string, nodes: Text[], starts: number[]}[]}
 */
export function collectChunks(root, options = {}) {
  const doc = root.ownerDocument ?? root;
  const exclude = excludeSelector(options.exclude, doc);
  const readMarks = options.readMarks ?? false;
  const chunks = [];
  let parts = [];
  let nodes = [];
  let starts = [];
  let length = 0;

  const flush = () => {
    if (nodes.length > 0) {
      const text = parts.join('');
      if (/\S/.test(text)) chunks.push({ text, nodes, starts });
      parts = [];
      nodes = [];
      starts = [];
      length = 0;
    }
  };
  const addText = (node) => {
    const data = node.data;
    if (data.length === 0) return;
    parts.push(data);
    nodes.push(node);
    starts.push(length);
    length += data.length;
  };

  if (root.nodeType === 3) {
    addText(root);
    flush();
    return chunks;
  }
  if (root.nodeType === 1 && isSkipped(root, exclude, readMarks)) return chunks;

  // Iterative pre-order walk (no recursion, so deep pages cannot overflow the stack).
  let node = root.firstChild;
  while (node) {
    let descend = false;
    if (node.nodeType === 3) {
      addText(node);
    } else if (node.nodeType === 1) {
      if (!isSkipped(node, exclude, readMarks)) {
        if (isBlock(node)) flush();
        descend = node.firstChild !== null;
        if (!descend && isBlock(node)) flush();
      }
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    // Climb until there is a next sibling, closing the blocks we leave.
    while (node !== root && node.nextSibling === null) {
      node = node.parentNode;
      if (node === root || node === null) {
        node = null;
        break;
      }
      if (node.nodeType === 1 && isBlock(node)) flush();
    }
    if (node === null || node === root) break;
    node = node.nextSibling;
  }
  flush();
  return chunks;
}
