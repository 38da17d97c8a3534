// The engine of the browser extension's content script: the wasm runs in the
// extension's background (its service worker, or event page in Firefox), and
// every call is a message to it through `chrome.runtime.sendMessage`. Same
// interface as engine-local.js; the messages are documented in
// www/extension/protocol.js.
//
// The background answers beside the page's thread (`parallel`), so a
// Highlighter puts all its batches in flight at once and paints while the
// background recognizes.

/** Sends extension messages and unwraps their `{ok, error}` answers. */
export class ExtensionEngine {
  /**
   * @param {{sendMessage(message: object): Promise<any>}} runtime
   *   `chrome.runtime` (or a stand-in with its sendMessage)
   * @param {{worthSending?: (text: string) => boolean}} [options]
   *   `worthSending(text)` false answers a text with no entities without
   *   sending it (the extension skips text with too little Arabic)
   */
  constructor(runtime, { worthSending = () => true } = {}) {
    /** Calls run in the extension's background, beside the page's thread. */
    this.parallel = true;
    this.runtime = runtime;
    this.worthSending = worthSending;
  }

  /**
   * Sends `message` and returns the answer; a refusal (`{ok: false, error}`)
   * or no answer at all rejects with an Error.
   * @param {{kind: string} & Record<string, unknown>} message
   */
  async send(message) {
    const reply = await this.runtime.sendMessage(message);
    if (!reply?.ok) throw new Error(`alam: ${reply?.error ?? `no answer from the extension to '${message.kind}'`}`);
    return reply;
  }

  /**
   * Entities of each text: one `entities` message for the texts worth sending.
   * @param {string[]} texts
   * @param {{labels?: string[], breaks?: number[][]}} [options] the labels
   *   wanted; `breaks[i]`, offsets in `texts[i]` no entity may span
   * @param {{cancelled?: () => boolean}} [control] a cancelled run resolves to null
   * @returns {Promise<object[][] | null>}
   */
  async entities(texts, { labels, breaks } = {}, { cancelled } = {}) {
    const sent = [...texts.keys()].filter((i) => this.worthSending(texts[i]));
    const results = texts.map(() => []);
    if (sent.length > 0) {
      const message = { kind: 'entities', texts: sent.map((i) => texts[i]) };
      if (labels) message.labels = labels;
      if (breaks?.some((list) => list?.length)) message.breaks = sent.map((i) => breaks[i] ?? []);
      const reply = await this.send(message);
      sent.forEach((i, j) => (results[i] = reply.results[j]));
    }
    return cancelled && cancelled() ? null : results;
  }

  /** The extension has no find: it rejects with an Error saying so. */
  async find() {
    throw new Error('alam: find() is not available through the extension engine');
  }

  /** Adds user names (`[{text, label}]`): the background keeps them in the extension's settings. */
  async addNames(list) {
    await this.send({ kind: 'addNames', names: list });
  }

  /** Forgets every user name, in the extension's settings too. */
  async clearNames() {
    await this.send({ kind: 'clearNames' });
  }

  /** Nothing to free: the background outlives the page. */
  dispose() {}
}
