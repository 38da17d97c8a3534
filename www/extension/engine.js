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
 * The entities of each text in `texts` (of `options.labels`, or all labels),
 * once the engine is up, as plain objects {start, end, label, text, key,
 * score} ready for messaging.
 * @param {string[]} texts
 * @param {{labels?: string[]}} [options]
 */
export async function entitiesOf(texts, options) {
  await ready;
  return texts.map((text) =>
    entities(text, options).map(({ start, end, label, text: surface, key, score }) => ({ start, end, label, text: surface, key, score })),
  );
}

/** Replaces the engine's user names with `names` ({text, label}[]). */
export async function setNames(names) {
  await ready;
  clearNames();
  if (names.length > 0) addNames(names);
}
