// The service worker: owns the wasm engine, answers the content scripts'
// `entities` batches, sets each tab's badge and keeps the user's names.
// Message shapes are documented in protocol.js.
//
// Listeners are registered synchronously at the top level, as a service worker
// that was stopped is restarted by the event that needs it.

import { entitiesOf, setNames, startEngine } from './engine.js';
import { loadSettings, updateSettings } from './settings.js';

/**
 * Counters a test or a curious user can read from the worker's console:
 * how many `entities` batches and texts this worker instance has analysed.
 */
const alamStats = { batches: 0, texts: 0 };
Object.assign(globalThis, { alamStats });

startEngine(loadSettings().then((settings) => settings.names));

const handlers = {
  async entities({ texts, labels, breaks }) {
    if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) {
      throw new TypeError('entities: `texts` must be an array of strings');
    }
    if (breaks !== undefined && !(Array.isArray(breaks) && breaks.length === texts.length && breaks.every(Array.isArray))) {
      throw new TypeError('entities: `breaks` must be an array of offset arrays, one per text');
    }
    const results = await entitiesOf(texts, { labels, breaks });
    alamStats.batches += 1;
    alamStats.texts += texts.length;
    return { ok: true, results };
  },

  async count({ count }, sender) {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    await chrome.action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
    return undefined;
  },

  async addNames({ names }) {
    const settings = await loadSettings();
    const all = [...settings.names, ...names];
    try {
      await setNames(all); // the engine refuses an unknown label
    } catch (error) {
      await setNames(settings.names); // back to the names it had; nothing stored
      throw error;
    }
    await updateSettings((s) => {
      s.names = all;
    });
    return { ok: true };
  },

  /** The page styles (content.css), which content.js copies into shadow roots and frames. */
  async styles() {
    const response = await fetch(chrome.runtime.getURL('content.css'));
    return { ok: true, css: await response.text() };
  },

  async clearNames() {
    await setNames([]);
    await updateSettings((s) => {
      s.names = [];
    });
    return { ok: true };
  },
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message?.kind];
  if (!handler) return false;
  handler(message, sender).then(sendResponse, (error) =>
    sendResponse({ ok: false, error: String(error?.message ?? error) }),
  );
  return true; // the answer comes asynchronously
});
