// The content script. The page library does the work: a Highlighter of
// www/lib/painting.js collects the page's text, batches it, paints the
// entities and follows the page as it changes, with the extension's
// background as its engine (www/lib/engine-extension.js). What is left here is
// the extension's own part: its settings (site switch, labels, names), the
// check that a page has enough Arabic to be worth it, the counts (toolbar
// badge, attributes on <html>) and the popup's questions (status, reveal).
// The page's open shadow roots and same-origin frames are read too (SHADOW,
// FRAMES), with content.css copied into them.
//
// Written as an ES module; `make extension` bundles it with its imports into one
// classic script (content scripts declared in a manifest cannot be modules).
//
// What a page (or a test) can observe, on <html>, while the extension is active:
//   data-alam-count     mentions painted (of the labels switched on)
//   data-alam-entities  distinct entities among them (the badge number)
// and the ranges under CSS.highlights names `alam-ext-PER`, `alam-ext-LOC`, ...
// (or <mark class="alam-ext alam-ext-PER"> where the Highlight API is missing).

// First: in Firefox the library's classes need the sandbox's own EventTarget.
import './event-target.js';
import { ExtensionEngine } from '../lib/engine-extension.js';
import { modeFor } from '../lib/painters.js';
import { Highlighter, LABELS } from '../lib/painting.js';
import { hasArabic } from './arabic.js';
import { defaultSettings, loadSettings, onSettingsChanged, siteEnabled } from './settings.js';

/** Prefix of every highlight name and mark class this extension paints. */
const PREFIX = 'alam-ext';
/** How long a revealed mention stays flashed, in milliseconds. */
const FLASH_MS = 1500;
/** Fewer Arabic letters than this in a piece of text and it is not sent to the background. */
const MIN_CHUNK_ARABIC = 2;
/** Whether the text of open shadow roots is read too (the library's `shadow` option). */
const SHADOW = true;
/** Whether the text of same-origin frames is read too (the library's `frames` option). */
const FRAMES = true;

const html = document.documentElement;
const engine = new ExtensionEngine(chrome.runtime, { worthSending: (text) => hasArabic(text, MIN_CHUNK_ARABIC) });
/** Watches a page with too little Arabic until it has enough. */
const arabicWatch = new MutationObserver(() => {
  if (hasArabic(document.body?.textContent ?? '')) start();
});

let settings = defaultSettings();
/** The page's Highlighter, once the page has had enough Arabic (and while the site is on). */
let highlighter = null;
/** key/label id -> index of the mention revealed last. */
const revealed = new Map();
let flashTimer = 0;
/** content.css, for the shadow roots and frames (asked of the background once). */
let css = '';
let lastBadge = -1;

/** Whether the user left the extension on for this site. */
function enabled() {
  return siteEnabled(settings, location.host);
}

/** Highlights the page now if it has enough Arabic, else once it has. */
function begin() {
  if (document.body && hasArabic(document.body.textContent)) start();
  else arabicWatch.observe(html, { childList: true, subtree: true, characterData: true });
}

/** Hands the page to a Highlighter that follows its changes. */
function start() {
  arabicWatch.disconnect();
  if (highlighter) return;
  const paint = { mode: modeFor('auto', window), prefix: PREFIX, exclude: '', doc: document, shadow: SHADOW, frames: FRAMES, css };
  // All labels (the settings only hide some); the user's names are the background's.
  highlighter = new Highlighter(document.body, paint, engine, { labels: undefined, titles: {}, observe: true, names: undefined });
  highlighter.addEventListener('done', report);
  highlighter.addEventListener('error', (event) => console.warn('alam:', event.detail));
  showLabels();
}

/** Stops watching and removes everything painted. */
function end() {
  arabicWatch.disconnect();
  clearTimeout(flashTimer);
  highlighter?.clear();
  highlighter = null;
  delete html.dataset.alamCount;
  delete html.dataset.alamEntities;
  report();
}

/** Shows the labels switched on in the settings and hides the others. */
function showLabels() {
  for (const label of LABELS) highlighter?.setVisible(label, settings.labels[label] !== false);
}

/**
 * The entities of the labels switched on: {key, label, text, count}, most
 * mentioned first; `text` is the entity's first mention as written on the page.
 */
function groups() {
  const shown = (highlighter?.entities ?? []).filter((group) => highlighter.isVisible(group.label));
  return shown
    .map(({ key, label, mentions }) => ({ key, label, text: mentions[0].text, count: mentions.length }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key, 'ar'));
}

/** Publishes the counts on <html> and in the toolbar badge. */
function report() {
  const list = groups();
  if (highlighter) {
    html.dataset.alamCount = String(list.reduce((sum, group) => sum + group.count, 0));
    html.dataset.alamEntities = String(list.length);
  }
  if (list.length !== lastBadge) {
    lastBadge = list.length;
    chrome.runtime.sendMessage({ kind: 'count', count: list.length }).catch(() => {});
  }
}

/** Follows a settings change made in the popup (or another tab). */
function applySettings(next) {
  const wasEnabled = enabled();
  const namesChanged = JSON.stringify(next.names) !== JSON.stringify(settings.names);
  settings = next;
  if (wasEnabled && !enabled()) end();
  else if (!wasEnabled && enabled()) begin();
  else if (highlighter) {
    showLabels();
    // The recognizer changed: every answer of the last run may be stale.
    if (namesChanged) highlighter.refresh();
    else report();
  }
}

/** Whether a mention is still in the page. */
function connected(mention) {
  return mention.marks.length > 0 ? mention.marks[0].isConnected : mention.range.startContainer.isConnected;
}

/** Scrolls to a mention and flashes it (the Highlighter's focus, for FLASH_MS). */
function flash(mention) {
  clearTimeout(flashTimer);
  const shown = highlighter;
  shown.focus(mention);
  flashTimer = setTimeout(() => shown.blur(), FLASH_MS);
}

/** Scrolls to the next mention of an entity; false if it has none on the page. */
function reveal(key, label) {
  const group = highlighter?.entities.find((g) => g.key === key && g.label === label);
  const list = (group?.mentions ?? []).filter(connected);
  if (list.length === 0) return false;
  const id = `${label}\u0000${key}`;
  const next = ((revealed.get(id) ?? -1) + 1) % list.length;
  revealed.set(id, next);
  flash(list[next]);
  return true;
}

/** Answers the popup (protocol.js, "popup -> content"). */
function onMessage(message, _sender, sendResponse) {
  switch (message?.kind) {
    case 'status': {
      const list = groups();
      sendResponse({
        host: location.host,
        enabled: enabled(),
        active: highlighter !== null,
        count: list.reduce((sum, group) => sum + group.count, 0),
        groups: list,
      });
      return false;
    }
    case 'reveal':
      sendResponse({ ok: reveal(message.key, message.label) });
      return false;
    default:
      return false;
  }
}

async function main() {
  chrome.runtime.onMessage.addListener(onMessage);
  const styles = chrome.runtime.sendMessage({ kind: 'styles' }).catch(() => null);
  settings = await loadSettings();
  css = (await styles)?.css ?? '';
  onSettingsChanged(applySettings);
  if (enabled()) begin();
}

main();
