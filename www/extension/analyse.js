// Getting entities for page text from the service worker: batches of texts
// per message, and a cache so a page that changes sends only its new text.

import { MAX_BATCH_UNITS } from './protocol.js';

/**
 * Splits `texts` into batches of at most `maxUnits` UTF-16 units each (a text
 * longer than that travels alone).
 * @param {string[]} texts
 * @param {number} maxUnits
 * @returns {string[][]}
 */
export function batches(texts, maxUnits) {
  const out = [];
  let batch = [];
  let units = 0;
  for (const text of texts) {
    if (batch.length > 0 && units + text.length > maxUnits) {
      out.push(batch);
      batch = [];
      units = 0;
    }
    batch.push(text);
    units += text.length;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** Text -> its entities, forgetting the oldest entries beyond `capacity`. */
export class EntityCache {
  /** @param {number} capacity the most texts kept */
  constructor(capacity) {
    this.capacity = capacity;
    /** @type {Map<string, object[]>} */
    this.map = new Map();
  }

  /** The entities of `text`, or undefined when not cached. */
  get(text) {
    return this.map.get(text);
  }

  /** Whether `text` is cached. */
  has(text) {
    return this.map.has(text);
  }

  /** Caches the entities of `text`. */
  set(text, entities) {
    this.map.set(text, entities);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value);
  }

  /** Forgets everything (the recognizer changed). */
  clear() {
    this.map.clear();
  }
}

/**
 * Makes sure `cache` holds the entities of every text in `texts`, asking the
 * service worker for the missing ones one batch per message. Each await lets
 * the page run between batches; the engine never runs on the page's thread.
 * @param {string[]} texts
 * @param {EntityCache} cache
 */
export async function fetchEntities(texts, cache) {
  const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
  for (const batch of batches(missing, MAX_BATCH_UNITS)) {
    const reply = await chrome.runtime.sendMessage({ kind: 'entities', texts: batch });
    if (!reply?.ok) throw new Error(reply?.error ?? 'no answer from the extension worker');
    batch.forEach((text, i) => cache.set(text, reply.results[i]));
  }
}
