// The engine that runs the wasm module in a Web Worker (www/worker.js), so
// recognition never blocks the page. Same interface as engine-local.js.
//
// Protocol: the page posts {id, kind, args}; the worker answers
// {id, ok: true, value} or {id, ok: false, error: {name, message}}, in order.
// kind is one of: init, entities, find, addNames, clearNames.

/** Forwards engine calls to a worker by name. */
export class WorkerEngine {
  /** @param {Worker} worker a module worker running www/worker.js */
  constructor(worker) {
    /** Calls run beside this thread: callers may keep several in flight. */
    this.parallel = true;
    this.worker = worker;
    this.nextId = 1;
    /** @type {Map<number, {resolve: Function, reject: Function}>} */
    this.pending = new Map();
    this.controller = new AbortController();
    const { signal } = this.controller;
    worker.addEventListener('message', (event) => this.settle(event.data), { signal });
    worker.addEventListener(
      'error',
      (event) => this.failAll(new Error(`alam: the worker failed: ${event.message ?? 'could not load'}`)),
      { signal },
    );
  }

  /**
   * Sends one call and resolves with the worker's answer.
   * @param {string} kind
   * @param {unknown[]} args
   * @returns {Promise<any>}
   */
  call(kind, ...args) {
    if (!this.worker) return Promise.reject(new Error('alam: the worker engine was disposed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, kind, args });
    });
  }

  /** Settles the call an answer belongs to. */
  settle({ id, ok, value, error }) {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    if (ok) call.resolve(value);
    else call.reject(error.name === 'TypeError' ? new TypeError(error.message) : new Error(error.message));
  }

  /** Rejects every call still waiting. */
  failAll(error) {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }

  /** Loads the wasm in the worker; `moduleOrPath` must be cloneable (a URL string or a Module). */
  init(moduleOrPath) {
    return this.call('init', moduleOrPath);
  }

  /** Entities of each text, recognized in the worker; null if cancelled meanwhile. */
  async entities(texts, options, { cancelled } = {}) {
    const value = await this.call('entities', texts, options);
    return cancelled && cancelled() ? null : value;
  }

  /** Matches of `query` in each text, found in the worker; null if cancelled meanwhile. */
  async find(texts, query, { cancelled } = {}) {
    const value = await this.call('find', texts, query);
    return cancelled && cancelled() ? null : value;
  }

  /** Adds user names in the worker. */
  addNames(list) {
    return this.call('addNames', list);
  }

  /** Forgets the worker's user names. */
  clearNames() {
    return this.call('clearNames');
  }

  /** Stops the worker; pending calls reject. */
  dispose() {
    this.controller.abort();
    this.failAll(new Error('alam: the worker engine was disposed'));
    this.worker?.terminate();
    this.worker = null;
  }
}
