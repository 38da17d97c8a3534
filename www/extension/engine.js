// The recognizer inside the service worker: loads the packaged wasm once and
// answers `entities` for batches of texts.
//
// The wasm is compiled here and not in the content script because a page's
// Content-Security-Policy governs the content script's WebAssembly compilation on
// many sites; the worker runs under the extension's own CSP, which allows
// 'wasm-unsafe-eval' (manifest.json).

import init, { entities, addNames, clearNames } from './wasm/alam.js';

let ready = null;

/**
 * Loads the wasm on first call; later calls return the same promise.
 * `names` (a {text, label}[] or a promise of one) are the user's names, added
 * once the engine is up.
 * @param {{text: string, label: string}[] | Promise<{text: string, label: string}[]>} [names]
 */
export function startEngine(names = []) {
  const url = chrome.runtime.getURL('wasm/alam_bg.wasm');
  ready ??= Promise.all([init({ module_or_path: url }), names]).then(([, list]) => {
    try {
      if (list.length > 0) addNames(list);
    } catch (error) {
      // Stored names the engine refuses must not take the recognizer down with them.
      console.warn('alam: stored names ignored:', error);
    }
  });
  return ready;
}

/**
 * The options of the wasm `entities` call for one text: the labels wanted
 * and the text's breaks, each only when given.
 * @param {string[] | undefined} labels
 * @param {number[] | undefined} breaks
 */
function optionsFor(labels, breaks) {
  if (!labels && !breaks?.length) return undefined;
  return { ...(labels ? { labels } : {}), ...(breaks?.length ? { breaks } : {}) };
}

/**
 * The entities of each text in `texts` (of `labels`, or all labels; no entity
 * across an offset of `breaks[i]` in `texts[i]`), once the engine is up, as
 * plain objects {start, end, label, text, key, score} ready for messaging.
 * @param {string[]} texts
 * @param {{labels?: string[], breaks?: number[][]}} [options]
 */
export async function entitiesOf(texts, { labels, breaks } = {}) {
  await ready;
  return texts.map((text, i) =>
    entities(text, optionsFor(labels, breaks?.[i])).map(({ start, end, label, text: surface, key, score }) => ({ start, end, label, text: surface, key, score })),
  );
}

/** Replaces the engine's user names with `names` ({text, label}[]). */
export async function setNames(names) {
  await ready;
  clearNames();
  if (names.length > 0) addNames(names);
}
