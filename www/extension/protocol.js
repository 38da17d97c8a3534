// The messages the extension's three parts exchange, in one place.
//
// Every message is a plain object with a `kind`; the reply (if any) is the value
// passed to `sendResponse`. Three parts talk:
//   content script  (content.js, one per page; collects text and paints)
//   background      (background.js, the service worker; owns the wasm engine)
//   popup           (popup.js, open while the user looks at it)
//
// content -> background   (chrome.runtime.sendMessage, through www/lib/engine-extension.js)
//   {kind: 'entities', texts: string[], labels?: Label[], breaks?: number[][]}
//       -> {ok: true, results: Entity[][]}   results[i] are the entities of texts[i],
//          offsets in UTF-16 units of texts[i], end exclusive; of `labels` (default all);
//          none spans an offset of breaks[i] (where the page breaks the text, see
//          www/lib/collect.js).
//       -> {ok: false, error: string}        the engine failed (message of the Error).
//   {kind: 'count', count: number}
//       -> undefined. Sets the toolbar badge of the sender's tab ('' when 0).
//   {kind: 'styles'}
//       -> {ok: true, css: string}   the text of content.css, which the manifest puts in
//          the page's document and the painters copy into open shadow roots and
//          same-origin frames.
//
// popup -> background     (chrome.runtime.sendMessage)
//   {kind: 'addNames', names: {text: string, label: Label}[]}
//       -> {ok: true} | {ok: false, error: string}. Adds user names to the engine
//          and keeps them in storage so they survive the worker's restarts.
//   {kind: 'clearNames'} -> {ok: true}
//
// popup -> content        (chrome.tabs.sendMessage to the active tab)
//   {kind: 'status'}
//       -> {host: string, enabled: boolean, active: boolean, count: number,
//           groups: {key: string, label: Label, text: string, count: number}[]}
//          `active` is false when the page has too little Arabic to be worth a scan;
//          `groups` are sorted by count, then key, and list only enabled labels;
//          `text` is the first mention as written (the key is normalized).
//          `count` counts the mentions of enabled labels.
//   {kind: 'reveal', key: string, label: Label}
//       -> {ok: boolean}. Scrolls the next mention of that entity into view (each call
//          moves to the following mention, wrapping around) and flashes it.
//
// Settings are not messages: the popup writes them to chrome.storage.local
// (see settings.js) and the content scripts follow `chrome.storage.onChanged`.
//
// An Entity is {start, end, label, text, key, score} as returned by the wasm
// `entities` export.

/** The entity labels, in the order the popup lists them. */
export const LABELS = ['PER', 'LOC', 'ORG', 'MISC'];

/** Human names of the labels, for the popup. */
export const LABEL_NAMES = {
  PER: 'People',
  LOC: 'Places',
  ORG: 'Organizations',
  MISC: 'Other',
};
