// Text collection: the visible text under a root, split into chunks at block
// boundaries, with a table back to the DOM text nodes it came from.
//
// Exports (stable; the extension imports them too):
//   collectChunks(root, {exclude?, readMarks?, maxChars?, shadow?, frames?, scopes?}) -> Chunk[]
//   walkChunks(root, options)   the same as a generator that pauses now and then
//   isSkipped(element, exclude?, readMarks?) -> boolean
//   isBlock(element) -> boolean
//   isEditable(node) -> boolean
//   isFrame(node) -> boolean          an <iframe> or <frame>
//   frameDocument(frame) -> Document | null   its document, if this one may read it
//   MARK_ATTRIBUTE   'data-alam-key', the attribute every alam <mark> carries
//
// A Chunk is {text, nodes, starts, lengths, breaks}: `text` is the text of the
// text nodes `nodes` (document order); `starts[i]` is the UTF-16 offset in
// `text` where `nodes[i]` begins and `lengths[i]` the node's length when
// collected. A chunk cut out of a longer one (`maxChars`) may begin inside its
// first node (a negative start) and end inside its last. `breaks` are the
// offsets in `text` where an element that ends names (BREAK_TAGS) begins or
// ends: no entity may span one. A piece of a longer chunk has `cut: true`. Offsets are UTF-16 code units, as in JavaScript
// strings.
//
// Block elements and <br> end a chunk (an entity never spans two paragraphs);
// inline elements (b, i, span, ...) do not, so a name split by <b> stays in one
// chunk. Nothing here knows about Arabic or about the wasm module.
//
// With `shadow`, the open shadow roots of the elements met are read too, and
// with `frames` the documents of same-origin <iframe>s and <frame>s (a
// cross-origin frame is skipped: its document cannot be read). Each such inner
// root is walked on its own, after the tree that holds it: no chunk runs into
// or out of one (a Range cannot span two trees). Closed shadow roots stay out:
// a page closes them so that scripts keep out.

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
 * Inline elements whose edges end a name: a link, a label, code, a quotation,
 * a time, super- and subscripts, an isolate. A strip of links to four people
 * is four names, never one. (List items, cells, line breaks, buttons and the
 * other block elements end the chunk itself; options are never read.)
 */
const BREAK_TAGS = new Set(['A', 'BDI', 'CODE', 'KBD', 'LABEL', 'Q', 'SAMP', 'SUB', 'SUP', 'TIME', 'WBR']);

/** ARIA roles of widgets whose text the user edits (alam never marks them). */
const EDITABLE_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

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
 * Whether `node` is editable content: inside a contenteditable region (set on
 * it or on any ancestor), a `designMode` document, an element styled
 * `-webkit-user-modify: read-write`, or an element with an editing ARIA role
 * (textbox, searchbox, ...). alam reads none of these: marks inside them would
 * end up in what the user types or submits.
 * @param {Node} node
 * @returns {boolean}
 */
export function isEditable(node) {
  const element = node.nodeType === 1 ? /** @type {HTMLElement} */ (node) : node.parentElement;
  if (!element) return false;
  if (element.isConnected && element.ownerDocument.designMode === 'on') return true;
  if (element.isContentEditable === true || hasEditableAncestor(element)) return true;
  // -webkit-user-modify is inherited: the root's computed value covers its ancestors.
  const view = element.isConnected ? element.ownerDocument.defaultView : null;
  return !!view && view.getComputedStyle(/** @type {Element} */ (element)).getPropertyValue('-webkit-user-modify').startsWith('read-write');
}

/**
 * Whether `element` or an ancestor is a contenteditable region (whatever its
 * value: `contenteditable="false"` inside an editor is still the editor's) or
 * has an editing ARIA role. Iterative, so any depth works.
 * @param {Element} element
 */
function hasEditableAncestor(element) {
  for (let at = element; at; at = at.parentElement) {
    if (at.hasAttribute('contenteditable') || EDITABLE_ROLES.has(at.getAttribute('role'))) return true;
  }
  return false;
}

/**
 * Whether collection skips `element` and everything inside it: non-prose
 * elements (script, style, form fields, ...), editable regions (see
 * isEditable: a root inside one gives no chunks at all), anything under
 * `[data-alam-ignore]`, alam's own marks, and elements matching `exclude`.
 * (Inside the root, `-webkit-user-modify` is seen only in a `style` attribute:
 * reading every element's computed style would cost too much.)
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
    EDITABLE_ROLES.has(element.getAttribute('role')) ||
    (element.getAttribute('style')?.includes('user-modify') ?? false) ||
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
 * @typedef {{text: string, nodes: Text[], starts: number[], lengths: number[], breaks: number[], cut?: boolean}} Chunk
 * @typedef {{exclude?: string | string[], readMarks?: boolean | string[], maxChars?: number,
 *   shadow?: boolean, frames?: boolean, scopes?: Set<Node>}} CollectOptions
 *   `exclude`: selectors of subtrees to skip; `readMarks`: see isSkipped();
 *   `maxChars`: cut longer chunks into pieces of at most that many UTF-16
 *   units, each at a sentence end or a space where there is one (cutChunk);
 *   `shadow`: read open shadow roots too; `frames`: read same-origin frames
 *   too; `scopes`: a Set that receives every inner root read (the shadow
 *   roots, and the frames' documents)
 */

/**
 * Collects the text under `root` (an Element, Document, DocumentFragment or
 * Text node) into chunks split at block boundaries. Chunks with no
 * non-whitespace text are dropped; nothing is collected under a root inside
 * editable content (isEditable).
 * @param {Node} root
 * @param {CollectOptions} [options]
 * @returns {Chunk[]}
 */
export function collectChunks(root, options = {}) {
  const walk = walkChunks(root, options);
  let step = walk.next();
  while (!step.done) step = walk.next();
  return step.value;
}

/** How many nodes walkChunks visits between pauses. */
const PAUSE_EVERY = 2000;

/** Elements whose content is another document. */
const FRAME_TAGS = new Set(['IFRAME', 'FRAME']);

/**
 * Whether `node` is a frame element (<iframe>, <frame>).
 * @param {Node} node
 * @returns {boolean}
 */
export function isFrame(node) {
  return node.nodeType === 1 && FRAME_TAGS.has(node.nodeName.toUpperCase());
}

/**
 * The document of frame element `element` when this document may read it (the
 * same origin, loaded), else null. Reading a cross-origin frame's document
 * gives null, or throws a SecurityError in some engines: either way, skipped.
 * @param {HTMLIFrameElement} element
 * @returns {Document | null}
 */
export function frameDocument(element) {
  try {
    return element.contentDocument ?? null;
  } catch {
    return null;
  }
}

/**
 * The inner roots of `element` to read with `shadow` and `frames`: its open
 * shadow root, and the body (or root element) of a same-origin frame's
 * document. A frame element is skipped as an element (SKIPPED_TAGS: its
 * children are fallback text), so its own exclusion (`exclude`,
 * data-alam-ignore) is checked here.
 * @param {Element} element
 * @param {{shadow: boolean, frames: boolean, exclude: string}} options
 * @returns {Node[]}
 */
function innerRoots(element, { shadow, frames, exclude }) {
  const inner = [];
  if (shadow && element.shadowRoot) inner.push(element.shadowRoot);
  if (frames && isFrame(element)) {
    const ignored = element.hasAttribute('data-alam-ignore') || (!!exclude && element.matches(exclude));
    const doc = ignored ? null : frameDocument(/** @type {HTMLIFrameElement} */ (element));
    const top = doc?.body ?? doc?.documentElement;
    if (top) inner.push(top);
  }
  return inner;
}

/**
 * collectChunks() as a generator that pauses (yields) every PAUSE_EVERY nodes,
 * so that a caller can let the browser run between pieces of a very large
 * page. Its return value is the chunks, or null when the page moved the next
 * node out of the root during a pause (the walk cannot go on from there).
 * The inner roots of `shadow` and `frames` are walked one after another, each
 * as a tree of its own (iteratively: a queue, no recursion).
 * @param {Node} root
 * @param {CollectOptions} [options]
 * @returns {Generator<void, Chunk[] | null>}
 */
export function* walkChunks(root, options = {}) {
  const doc = root.ownerDocument ?? /** @type {Document} */ (root);
  const exclude = excludeSelector(options.exclude, doc);
  const readMarks = options.readMarks ?? false;
  const maxChars = options.maxChars ?? Infinity;
  const inner = { shadow: options.shadow === true, frames: options.frames === true, exclude };
  const readsInner = inner.shadow || inner.frames;
  /** @type {Chunk[]} */
  const chunks = [];
  let parts = [];
  let nodes = [];
  let starts = [];
  let breaks = [];
  let length = 0;

  const flush = () => {
    if (nodes.length > 0) {
      const text = parts.join('');
      const lengths = nodes.map((node, i) => (i + 1 < nodes.length ? starts[i + 1] : length) - starts[i]);
      const found = breaks.filter((at, i) => at > 0 && at < length && at !== breaks[i - 1]);
      if (hasNonSpace(text)) for (const piece of cutChunk({ text, nodes, starts, lengths, breaks: found }, maxChars)) chunks.push(piece);
    }
    parts = [];
    nodes = [];
    starts = [];
    breaks = [];
    length = 0;
  };
  /** @param {Text} node */
  const addText = (node) => {
    const data = node.data;
    if (data.length === 0) return;
    parts.push(data);
    nodes.push(node);
    starts.push(length);
    length += data.length;
  };
  /** @param {Element} element */
  const leave = (element) => {
    if (isBlock(element)) flush();
    else if (BREAK_TAGS.has(element.tagName.toUpperCase())) breaks.push(length);
  };

  if (root.nodeType === 3) {
    if (!isEditable(root)) addText(/** @type {Text} */ (root));
    flush();
    return chunks;
  }
  /** Roots still to walk: `root`, then the inner roots met, in the order met. */
  const queue = [root];
  let visited = 0;
  for (let next = 0; next < queue.length; next++) {
    const top = queue[next];
    if (next > 0) options.scopes?.add(top.nodeType === 1 ? top.ownerDocument : top);
    if (isEditable(top) || (top.nodeType === 1 && isSkipped(/** @type {Element} */ (top), exclude, readMarks))) continue;
    // Iterative pre-order walk (no recursion, so deep pages cannot overflow the stack).
    /** @type {Node | null} */
    let node = top.firstChild;
    while (node) {
      if (++visited % PAUSE_EVERY === 0) {
        yield;
        if (!top.contains(node)) return null;
      }
      let descend = false;
      if (node.nodeType === 3) {
        addText(/** @type {Text} */ (node));
      } else if (node.nodeType === 1) {
        const element = /** @type {Element} */ (node);
        if (!isSkipped(element, exclude, readMarks)) {
          if (readsInner) queue.push(...innerRoots(element, inner));
          if (isBlock(element)) flush();
          else if (BREAK_TAGS.has(element.tagName.toUpperCase())) breaks.push(length);
          descend = element.firstChild !== null;
          if (!descend) leave(element);
        } else if (inner.frames && isFrame(element)) {
          queue.push(...innerRoots(element, inner));
        }
      }
      if (descend) {
        node = node.firstChild;
        continue;
      }
      // Climb until there is a next sibling, closing the elements we leave.
      while (node !== top && node.nextSibling === null) {
        node = node.parentNode;
        if (node === top || node === null) {
          node = null;
          break;
        }
        if (node.nodeType === 1) leave(/** @type {Element} */ (node));
      }
      if (node === null || node === top) break;
      node = node.nextSibling;
    }
    flush();
  }
  return chunks;
}

/** Whether `text` has a character other than white space. */
function hasNonSpace(text) {
  return /\S/.test(text);
}

/** Characters after which a sentence ends: . ! ? ؟ ؛ and a line break. */
const SENTENCE_ENDS = new Set(['.', '!', '?', '\u061F', '\u061B', '\n']);

/** Whether the UTF-16 unit `c` is white space where a chunk may be cut. */
function isSpace(c) {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00A0';
}

/**
 * Where to end a piece of `text` that starts at `from` and may run to `limit`
 * (exclusive): after the last sentence end followed by a space in the second
 * half of the piece, else after its last space, else at `limit` (moved back
 * one unit rather than split a surrogate pair).
 * @param {string} text
 * @param {number} from
 * @param {number} limit
 */
function cutAt(text, from, limit) {
  const half = from + ((limit - from) >> 1);
  let space = -1;
  for (let i = limit - 1; i > half; i--) {
    if (!isSpace(text[i])) continue;
    if (SENTENCE_ENDS.has(text[i - 1]) || text[i] === '\n') return i + 1;
    if (space < 0) space = i + 1;
  }
  if (space > 0) return space;
  const high = text.charCodeAt(limit - 1);
  return high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit;
}

/**
 * Cuts a chunk longer than `maxChars` into consecutive pieces of at most
 * `maxChars` units (see cutAt), each with the part of the node table it
 * covers: a node cut in two belongs to both pieces, with a negative start in
 * the second. Each piece has `cut: true`. Recognition then works on bounded
 * texts, and painting can end a slice between pieces of one long paragraph.
 * @param {{text: string, nodes: Text[], starts: number[], lengths: number[], breaks: number[]}} chunk
 * @param {number} maxChars
 */
export function cutChunk(chunk, maxChars) {
  const { text, nodes, starts, lengths, breaks } = chunk;
  if (text.length <= maxChars) return [chunk];
  const out = [];
  let first = 0; // the first node of the next piece
  let nextBreak = 0;
  for (let from = 0; from < text.length; ) {
    const to = text.length - from <= maxChars ? text.length : cutAt(text, from, from + maxChars);
    let last = first;
    while (last + 1 < nodes.length && starts[last + 1] < to) last++;
    const piece = { text: text.slice(from, to), nodes: [], starts: [], lengths: [], breaks: [], cut: true };
    for (let i = first; i <= last; i++) {
      piece.nodes.push(nodes[i]);
      piece.starts.push(starts[i] - from);
      piece.lengths.push(lengths[i]);
    }
    while (nextBreak < breaks.length && breaks[nextBreak] <= from) nextBreak++;
    for (let b = nextBreak; b < breaks.length && breaks[b] < to; b++) piece.breaks.push(breaks[b] - from);
    if (hasNonSpace(piece.text)) out.push(piece);
    // The next piece starts in the node holding `to` (unless `to` ends it).
    first = starts[last] + lengths[last] > to ? last : last + 1;
    from = to;
  }
  return out;
}
