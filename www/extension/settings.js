// The user's settings, kept in chrome.storage.local (never synced: nothing
// leaves the browser). One object under one key so a change is one event.
//
//   {
//     disabledSites: string[],        hosts where the extension does nothing
//     labels: {PER, LOC, ORG, MISC},  booleans: which labels are painted
//     names: {text, label}[],         names the user added to the recognizer
//   }

import { LABELS } from './protocol.js';

/** The storage key holding the settings object. */
export const SETTINGS_KEY = 'settings';

/** The settings of a fresh install: every site on, every label shown, no names. */
export function defaultSettings() {
  return {
    disabledSites: [],
    labels: Object.fromEntries(LABELS.map((label) => [label, true])),
    names: [],
  };
}

/** Fills the fields `stored` lacks (or has the wrong type for) from the defaults. */
export function completeSettings(stored) {
  const base = defaultSettings();
  if (!stored || typeof stored !== 'object') return base;
  return {
    disabledSites: Array.isArray(stored.disabledSites) ? stored.disabledSites : base.disabledSites,
    labels: { ...base.labels, ...(stored.labels ?? {}) },
    names: Array.isArray(stored.names) ? stored.names : base.names,
  };
}

/** Reads the settings, completed with defaults. */
export async function loadSettings() {
  const stored = await chrome.storage.local.get(SETTINGS_KEY);
  return completeSettings(stored[SETTINGS_KEY]);
}

/** Applies `change(settings)` (which mutates its argument) and stores the result. */
export async function updateSettings(change) {
  const settings = await loadSettings();
  change(settings);
  await chrome.storage.local.set({ [SETTINGS_KEY]: settings });
  return settings;
}

/**
 * Calls `listener(settings)` whenever the stored settings change.
 * Returns a function that stops listening.
 */
export function onSettingsChanged(listener) {
  const handle = (changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) {
      listener(completeSettings(changes[SETTINGS_KEY].newValue));
    }
  };
  chrome.storage.onChanged.addListener(handle);
  return () => chrome.storage.onChanged.removeListener(handle);
}

/** True when the extension should run on pages of `host`. */
export function siteEnabled(settings, host) {
  return !settings.disabledSites.includes(host);
}
