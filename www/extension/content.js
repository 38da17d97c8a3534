// The content script: finds the page's Arabic text, gets its entities from the
// service worker, paints them, and follows the page as it changes.
//
// Written as an ES module; `make extension` bundles it with its imports into one
// classic script (content scripts declared in a manifest cannot be modules).
//
// What a page (or a test) can observe, on <html>, while the extension is active:
//   data-alam-count     mentions painted (of the labels switched on)
//   data-alam-entities  distinct entities among them (the badge number)
// and the ranges under CSS.highlights names `alam-ext-PER`, `alam-ext-LOC`, ...
// (or <mark class="alam-ext alam-ext-PER"> where the Highlight API is missing).

import { collectChunks } from '../lib/collect.js';
import { EntityCache, fetchEntities } from './analyse.js';
import { hasArabic } from './arabic.js';
import { createPainter } from './painter.js';
import { LABELS } from './protocol.js';
import { defaultSettings, loadSettings, onSettingsChanged, siteEnabled } from './settings.js';

/** Prefix of every highlight name and mark class this extension paints. */
const PREFIX = 'alam-ext';
/** How long after a page change the page is looked at again, in milliseconds. */
const RESCAN_DELAY_MS = 400;
/** How many distinct chunk texts keep their entities between scans. */
const CACHE_TEXTS = 5000;

const html = document.documentElement;
const cache = new EntityCache(CACHE_TEXTS);
const observer = new MutationObserver(onMutations);

let settings = defaultSettings();
/** Whether the page has had enough Arabic to be worth a scan. */
let active = false;
let painter = null;
/** The mentions of the last paint, in document order: {key, label, text, anchor}. */
let mentions = [];
/** key/label id -> index of the mention revealed last. */
const revealed = new Map();
let timer = 0;
let scanning = false;
let rescanWanted = false;
let lastBadge = -1;

/** Whether the user left the extension on for this site. */
function enabled() {
  return siteEnabled(settings, location.host);
}

/** Starts watching the page and schedules the first look. */
function begin() {
  observer.observe(html, { childList: true, subtree: true, characterData: true });
  scheduleScan(0);
}

/** Stops watching and removes everything painted. */
function end() {
  observer.disconnect();
  clearTimeout(timer);
  timer = 0;
  painter?.clear();
  mentions = [];
  active = false;
  delete html.dataset.alamCount;
  delete html.dataset.alamEntities;
  report();
}

/** Runs a scan `delay` ms from now unless one is already due. */
function scheduleScan(delay = RESCAN_DELAY_MS) {
  if (timer) return;
  timer = setTimeout(() => {
    timer = 0;
    runScan();
  }, delay);
}

/** Runs one scan at a time; a change seen during a scan queues one more. */
function runScan() {
  if (scanning) {
    rescanWanted = true;
    return;
  }
  scanning = true;
  scan()
    .catch((error) => console.warn('alam:', error))
    .finally(() => {
      scanning = false;
      if (rescanWanted) {
        rescanWanted = false;
        scheduleScan();
      }
    });
}

/** Collects the page text, fetches what is not cached, and repaints. */
async function scan() {
  const body = document.body;
  if (!body || !enabled()) return;
  if (!active) {
    if (!hasArabic(body.textContent)) return;
    active = true;
    painter ??= createPainter(PREFIX);
  }
  if (painter.changesDom) {
    // Marks hide their text from collection: take them out first.
    painter.clear();
    observer.takeRecords();
  }
  const chunks = collectChunks(body).filter((chunk) => hasArabic(chunk.text, 2));
  await fetchEntities(chunks.map((chunk) => chunk.text), cache);
  if (enabled()) paint(chunks);
}

/** Whether the chunk's text nodes still hold exactly the text collected. */
function intact(chunk) {
  return chunk.nodes.every((node) => node.isConnected) && chunk.nodes.map((node) => node.data).join('') === chunk.text;
}

/** Replaces the painted entities with those of `chunks` (all cached by now). */
function paint(chunks) {
  painter.clear();
  mentions = [];
  for (const chunk of chunks) {
    const spans = cache.get(chunk.text) ?? [];
    // A chunk the page changed while the worker was busy waits for the next scan.
    if (spans.length === 0 || !intact(chunk)) continue;
    const anchors = painter.paint(chunk, spans);
    spans.forEach(({ key, label, text }, i) => mentions.push({ key, label, text, anchor: anchors[i] }));
  }
  for (const label of LABELS) painter.setVisible(label, settings.labels[label] !== false);
  observer.takeRecords(); // our own marks, if any
  report();
}

/** The mentions of the labels switched on. */
function visibleMentions() {
  return mentions.filter((mention) => settings.labels[mention.label] !== false);
}

/**
 * The visible mentions grouped by entity: {key, label, text, count}, most
 * mentioned first; `text` is the entity's first mention as written on the page.
 */
function groups() {
  const byId = new Map();
  for (const { key, label, text } of visibleMentions()) {
    const id = `${label}\u0000${key}`;
    const group = byId.get(id) ?? { key, label, text, count: 0 };
    group.count += 1;
    byId.set(id, group);
  }
  return [...byId.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key, 'ar'));
}

/** Publishes the counts on <html> and in the toolbar badge. */
function report() {
  const entityCount = active ? groups().length : 0;
  if (active) {
    html.dataset.alamCount = String(visibleMentions().length);
    html.dataset.alamEntities = String(entityCount);
  }
  if (entityCount !== lastBadge) {
    lastBadge = entityCount;
    chrome.runtime.sendMessage({ kind: 'count', count: entityCount }).catch(() => {});
  }
}

/** Whether `node` is or holds Arabic text (a change worth a rescan). */
function touchesArabic(node) {
  return hasArabic(node.textContent ?? '', 1);
}

/** MutationObserver callback: rescan when Arabic text came, went or changed. */
function onMutations(records) {
  const relevant = records.some((record) =>
    record.type === 'characterData'
      ? touchesArabic(record.target)
      : [...record.addedNodes, ...record.removedNodes].some(touchesArabic),
  );
  if (relevant) scheduleScan();
}

/** Follows a settings change made in the popup (or another tab). */
function applySettings(next) {
  const wasEnabled = enabled();
  const namesChanged = JSON.stringify(next.names) !== JSON.stringify(settings.names);
  settings = next;
  if (wasEnabled && !enabled()) end();
  else if (!wasEnabled && enabled()) begin();
  else if (painter) {
    for (const label of LABELS) painter.setVisible(label, settings.labels[label] !== false);
    report();
  }
  if (namesChanged) {
    // The recognizer changed: every cached answer may be stale.
    cache.clear();
    if (enabled()) scheduleScan(0);
  }
}

/** Scrolls to the next mention of an entity; false if it has none on the page. */
function reveal(key, label) {
  const list = mentions.filter((m) => m.key === key && m.label === label && connected(m.anchor));
  if (list.length === 0) return false;
  const id = `${label}\u0000${key}`;
  const next = ((revealed.get(id) ?? -1) + 1) % list.length;
  revealed.set(id, next);
  painter.focus(list[next].anchor);
  return true;
}

/** Whether a mention's anchor (a Range or an Element) is still in the page. */
function connected(anchor) {
  return anchor instanceof Element ? anchor.isConnected : anchor.startContainer.isConnected;
}

/** Answers the popup (protocol.js, "popup -> content"). */
function onMessage(message, _sender, sendResponse) {
  switch (message?.kind) {
    case 'status':
      sendResponse({
        host: location.host,
        enabled: enabled(),
        active,
        count: visibleMentions().length,
        groups: groups(),
      });
      return false;
    case 'reveal':
      sendResponse({ ok: reveal(message.key, message.label) });
      return false;
    default:
      return false;
  }
}

async function main() {
  chrome.runtime.onMessage.addListener(onMessage);
  settings = await loadSettings();
  onSettingsChanged(applySettings);
  if (enabled()) begin();
}

main();
