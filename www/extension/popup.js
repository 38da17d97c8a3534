// The toolbar popup: on/off for the current site, a switch per label, the
// entities of the page grouped by key (a click scrolls to the next mention), and
// the user's own names. Message shapes are in protocol.js.
//
// The popup talks to the page's content script for everything about the page,
// and writes settings to chrome.storage.local, which the content scripts follow.
// `popup.html?tab=ID` shows tab ID instead of the active one (used by the tests,
// which open the popup as an ordinary tab).

import { LABEL_NAMES, LABELS } from './protocol.js';
import { loadSettings, onSettingsChanged, updateSettings } from './settings.js';

/** How often the open popup asks the page for fresh counts, in milliseconds. */
const REFRESH_MS = 1000;

const $ = (id) => document.getElementById(id);
/** The <input> with id `id`. */
const input = (id) => /** @type {HTMLInputElement} */ ($(id));

/** The id of the tab this popup describes. */
async function targetTab() {
  const asked = new URLSearchParams(location.search).get('tab');
  if (asked) return Number(asked);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Sends `message` to the tab's content script; null when there is none. */
async function ask(tabId, message) {
  try {
    return await chrome.tabs.sendMessage(tabId, message);
  } catch {
    return null; // no content script: a browser page, the store, a file:// page...
  }
}

/** An element with text content, built without HTML strings. */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Draws the label switches, with the number of mentions of each. */
function renderLabels(settings, status) {
  const counts = {};
  for (const group of status?.groups ?? []) counts[group.label] = (counts[group.label] ?? 0) + group.count;
  $('labels').replaceChildren(
    ...LABELS.map((label) => {
      const box = el('input', { type: 'checkbox', checked: settings.labels[label] !== false });
      box.dataset.label = label;
      box.addEventListener('change', () =>
        updateSettings((s) => {
          s.labels[label] = box.checked;
        }),
      );
      const count = counts[label] ? ` (${counts[label]})` : '';
      return el('label', {}, box, ` ${LABEL_NAMES[label]}${count}`);
    }),
  );
}

/** Draws the entity list; a click reveals the next mention on the page. */
function renderEntities(tabId, status) {
  const groups = status?.groups ?? [];
  $('total').textContent = groups.length > 0 ? `(${groups.length})` : '';
  $('entities').replaceChildren(
    ...groups.map(({ key, label, text, count }) => {
      const button = el(
        'button',
        { title: 'Show the next mention on the page' },
        el('span', {}, el('bdi', { className: 'key', textContent: text }), el('span', { className: `tag ${label}`, textContent: label })),
        el('span', { className: 'count', textContent: String(count) }),
      );
      button.dataset.key = key;
      button.dataset.label = label;
      button.addEventListener('click', () => ask(tabId, { kind: 'reveal', key, label }));
      return el('li', {}, button);
    }),
  );
}

/** A line saying why the list is empty, or nothing. */
function noteFor(status) {
  if (!status) return 'alam does not run on this page.';
  if (!status.enabled) return 'Switched off for this site.';
  if (!status.active) return 'Too little Arabic text on this page.';
  if (status.groups.length === 0) return 'No entities found yet.';
  return '';
}

/** Redraws the whole popup from the settings and the page's status. */
async function render(tabId) {
  const [settings, status] = await Promise.all([loadSettings(), ask(tabId, { kind: 'status' })]);
  const site = input('site-on');
  site.disabled = !status;
  site.checked = status ? status.enabled : false;
  $('host').textContent = status?.host || 'this site';
  const note = noteFor(status);
  $('note').hidden = note === '';
  $('note').textContent = note;
  renderLabels(settings, status);
  renderEntities(tabId, status);
  $('names').textContent = settings.names.map((n) => `${n.text} (${n.label})`).join('، ') || 'None yet.';
  document.body.dataset.ready = 'true';
}

/** Wires the controls that do not depend on the page. */
function wireControls(tabId) {
  $('site-on').addEventListener('change', async () => {
    const host = $('host').textContent;
    const on = input('site-on').checked;
    await updateSettings((s) => {
      s.disabledSites = s.disabledSites.filter((h) => h !== host);
      if (!on) s.disabledSites.push(host);
    });
  });
  $('name-label').replaceChildren(...LABELS.map((label) => el('option', { value: label, textContent: LABEL_NAMES[label] })));
  $('add-name').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input('name-text').value.trim();
    if (!text) return;
    const reply = await chrome.runtime.sendMessage({ kind: 'addNames', names: [{ text, label: /** @type {HTMLSelectElement} */ ($('name-label')).value }] });
    if (reply?.ok) input('name-text').value = '';
    else $('names').textContent = reply?.error ?? 'Could not add the name.';
  });
  $('clear-names').addEventListener('click', () => chrome.runtime.sendMessage({ kind: 'clearNames' }));
  // The content script applies a change asynchronously: redraw a moment later.
  onSettingsChanged(() => setTimeout(() => render(tabId), 150));
}

async function main() {
  const tabId = await targetTab();
  wireControls(tabId);
  await render(tabId);
  setInterval(() => render(tabId), REFRESH_MS);
}

main();
