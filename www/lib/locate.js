// Offsets within a chunk -> DOM positions, by binary search over the chunk's
// node table (see collect.js).
//
// Exports (stable; the extension imports them too):
//   positionAt(chunk, offset, side) -> {node, offset}
//   pieces(chunk, start, end) -> [{node, start, end}]
//   locate(chunk, start, end) -> Range
//   isCurrent(chunk, root?) -> boolean   (the chunk's nodes are still as collected)
//
// `start`/`end` are UTF-16 offsets into `chunk.text`, end exclusive.

/**
 * Index of the last node whose start is <= `offset` (binary search).
 * @param {number[]} starts ascending
 * @param {number} offset
 * @returns {number}
 */
function lastStartAtOrBefore(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Checks that `start..end` is a non-empty span inside the chunk.
 * @param {{text: string}} chunk
 * @param {number} start
 * @param {number} end
 */
function checkSpan(chunk, start, end) {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= chunk.text.length)) {
    throw new RangeError(`alam: span ${start}..${end} is not inside a chunk of length ${chunk.text.length}`);
  }
}

/**
 * The DOM position of chunk offset `offset`. Where the offset falls between two
 * text nodes, `side` picks one: 'start' gives the beginning of the later node
 * (for the start of a span), 'end' the end of the earlier one (for its end).
 * @param {{nodes: Text[], starts: number[]}} chunk
 * @param {number} offset
 * @param {'start' | 'end'} side
 * @returns {{node: Text, offset: number}}
 */
export function positionAt(chunk, offset, side) {
  let i = lastStartAtOrBefore(chunk.starts, offset);
  if (side === 'end' && i > 0 && chunk.starts[i] === offset) i -= 1;
  return { node: chunk.nodes[i], offset: offset - chunk.starts[i] };
}

/**
 * The text-node slices that make up chunk span `start..end`, in document order:
 * one piece per text node the span touches (more than one when the span
 * crosses inline elements).
 * @param {{text: string, nodes: Text[], starts: number[]}} chunk
 * @param {number} start
 * @param {number} end
 * @returns {{node: Text, start: number, end: number}[]}
 */
export function pieces(chunk, start, end) {
  checkSpan(chunk, start, end);
  const out = [];
  for (let i = lastStartAtOrBefore(chunk.starts, start); i < chunk.nodes.length; i++) {
    const nodeStart = chunk.starts[i];
    if (nodeStart >= end) break;
    const node = chunk.nodes[i];
    const s = Math.max(start, nodeStart) - nodeStart;
    const e = Math.min(end, nodeStart + node.data.length) - nodeStart;
    if (e > s) out.push({ node, start: s, end: e });
  }
  return out;
}

/**
 * A live DOM Range over chunk span `start..end`.
 * @param {{text: string, nodes: Text[], starts: number[]}} chunk
 * @param {number} start
 * @param {number} end
 * @returns {Range}
 */
export function locate(chunk, start, end) {
  checkSpan(chunk, start, end);
  const from = positionAt(chunk, start, 'start');
  const to = positionAt(chunk, end, 'end');
  const range = from.node.ownerDocument.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range;
}

/**
 * Whether the chunk still describes the DOM: every node has the length it had
 * when collected (`lengths`, else as `starts` and the text imply) and is still in a tree (has a parent) and, when `root` is in
 * the document, still in the document. Under a root outside the document (a
 * DocumentFragment, a detached element, or a root the page removed meanwhile)
 * nodes are never connected, so that is not asked of them. Work that was
 * interrupted (time slicing, a worker round trip) checks this before painting
 * a chunk.
 * @param {{text: string, nodes: Text[], starts: number[], lengths?: number[]}} chunk
 * @param {Node} [root] the node the chunk was collected under
 * @returns {boolean}
 */
export function isCurrent(chunk, root) {
  const { nodes, starts, lengths, text } = chunk;
  const connected = root ? root.isConnected : true;
  for (let i = 0; i < nodes.length; i++) {
    const length = lengths ? lengths[i] : (i + 1 < nodes.length ? starts[i + 1] : text.length) - starts[i];
    const node = nodes[i];
    if (node.parentNode === null || (connected && !node.isConnected) || node.data.length !== length) return false;
  }
  return true;
}
