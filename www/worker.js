// alam's Web Worker: owns a wasm instance and answers engine calls by name
// (see lib/engine-worker.js for the protocol and the pool of these workers).
// Calls run one at a time, in the order they arrive, so `addNames` always
// lands before the next `entities`. `init` answers only once the model is
// decoded, so a pool is ready when every worker has answered it.
import initWasm, * as wasm from './wasm/alam.js';
import { entityOptions } from './lib/engine-local.js';

const handlers = {
  init: async (moduleOrPath) => {
    await initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
    // The model, lists and clusters now, not during the first request (off
    // the page's thread, so all at once).
    for (let part = 0; wasm.preload(part); part++);
  },
  /**
   * @param {string[]} texts
   * @param {{labels?: string[], breaks?: number[][]}} [options]
   */
  entities: (texts, { labels, breaks } = {}) => texts.map((text, i) => wasm.entities(text, entityOptions(labels, breaks?.[i]))),
  find: (texts, query) => texts.map((text) => wasm.find(text, query)),
  addNames: (list) => wasm.addNames(list),
  clearNames: () => wasm.clearNames(),
};

let queue = Promise.resolve();

self.addEventListener('message', (event) => {
  const { id, kind, args } = event.data;
  queue = queue.then(async () => {
    try {
      const handler = handlers[kind];
      if (!handler) throw new Error(`alam worker: unknown call \`${kind}\``);
      self.postMessage({ id, ok: true, value: await handler(...args) });
    } catch (error) {
      self.postMessage({ id, ok: false, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
    }
  });
});
