// The engine that runs the wasm module in Web Workers (www/worker.js), so
// recognition never blocks the page and a long page is spread over several
// cores. Same interface as engine-local.js.
//
// Protocol: the page posts {id, kind, args}; the worker answers
// {id, ok: true, value} or {id, ok: false, error: {name, message}}, in order.
// kind is one of: init, entities, find, addNames, clearNames.
//
// A WorkerEngine owns a pool of workers, each with its own wasm instance. A
// recognition call (one batch of texts) goes to the worker with the fewest
// characters still waiting; init, addNames and clearNames go to every worker
// and settle when all have answered. A worker answers in the order it was
// asked, so names added before a batch always apply to that batch.
//
// Batches are assigned when they are asked for, not pulled by idle workers: a
// queue on this thread that hands a worker its next batch when it answers was
// measured slower (about 2x in <mark> mode on a 1 MB page): this thread is busy
// painting when a worker finishes, so the worker waits for its next batch.

/** One worker and the calls it has not answered yet. */
class WorkerChannel {
  /**
   * @param {Worker} worker a module worker running www/worker.js
   * @param {(trap: Error) => Error} onTrap called when the worker's wasm traps
   */
  constructor(worker, onTrap) {
    this.worker = worker;
    this.onTrap = onTrap;
    this.nextId = 1;
    /** @type {Map<number, {resolve: Function, reject: Function, load: number}>} */
    this.pending = new Map();
    /** Characters of text sent and not yet answered: how busy the worker is. */
    this.load = 0;
    /** Set once the worker reported an error event (it failed to load): later calls reject with it. */
    this.broken = null;
    this.controller = new AbortController();
    const { signal } = this.controller;
    worker.addEventListener('message', (event) => this.settle(event.data), { signal });
    worker.addEventListener(
      'error',
      (event) => {
        this.broken = new Error(`alam: the worker failed: ${event.message ?? 'could not load'}`);
        this.failAll(this.broken);
      },
      { signal },
    );
  }

  /**
   * Sends one call and resolves with the worker's answer.
   * @param {number} load characters of text the call carries
   * @param {string} kind
   * @param {unknown[]} args
   * @returns {Promise<any>}
   */
  call(load, kind, args) {
    if (!this.worker) return Promise.reject(new Error('alam: the worker engine was disposed'));
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, load });
      this.load += load;
      this.worker.postMessage({ id, kind, args });
    });
  }

  /** Settles the call an answer belongs to. */
  settle({ id, ok, value, error }) {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    this.load -= call.load;
    if (ok) call.resolve(value);
    else call.reject(this.errorFrom(error));
  }

  /**
   * The Error for a worker's `{name, message}`: a TypeError or RangeError as
   * such, a trap (RuntimeError) as the engine's `onTrap` makes it.
   */
  errorFrom({ name, message }) {
    if (name === 'RuntimeError') {
      const trap = new Error(message);
      trap.name = name;
      return this.onTrap(trap);
    }
    if (name === 'TypeError') return new TypeError(message);
    if (name === 'RangeError') return new RangeError(message);
    return new Error(message);
  }

  /** Rejects every call still waiting. */
  failAll(error) {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    this.load = 0;
  }

  /** Stops the worker; pending calls reject. */
  dispose() {
    this.controller.abort();
    this.failAll(new Error('alam: the worker engine was disposed'));
    this.worker?.terminate();
    this.worker = null;
  }
}

/** The number of UTF-16 units in a batch of texts. */
function lengthOf(texts) {
  let n = 0;
  for (const text of texts) n += text.length;
  return n;
}

/** Forwards engine calls to a pool of workers by name. */
export class WorkerEngine {
  /**
   * @param {Worker[]} workers module workers running www/worker.js (at least one)
   * @param {(trap: Error, engine: WorkerEngine) => Error} [onTrap] called when a worker's wasm traps
   *   (its instance is then unusable); returns the Error to reject with
   */
  constructor(workers, onTrap = (error) => error) {
    if (workers.length === 0) throw new TypeError('alam: a worker engine needs at least one worker');
    /** Calls run beside this thread: callers may keep several in flight. */
    this.parallel = true;
    /** @type {WorkerChannel[]} */
    this.channels = workers.map((worker) => new WorkerChannel(worker, (trap) => onTrap(trap, this)));
  }

  /**
   * Sends a batch of texts to the least busy worker (the first on a tie).
   * @param {string[]} texts
   * @param {string} kind
   * @param {unknown[]} args
   */
  dispatch(texts, kind, args) {
    let best = this.channels[0];
    for (const channel of this.channels) if (channel.load < best.load) best = channel;
    return best.call(lengthOf(texts), kind, args);
  }

  /**
   * Sends one call to every worker; resolves with the first worker's answer
   * once all have answered, or rejects with the first error.
   * @param {string} kind
   * @param {unknown[]} args
   */
  async broadcast(kind, args) {
    const values = await Promise.all(this.channels.map((channel) => channel.call(0, kind, args)));
    return values[0];
  }

  /**
   * Loads the wasm in every worker, each decoding the model before it answers;
   * `moduleOrPath` must be cloneable (a URL string or a Module).
   */
  init(moduleOrPath) {
    return this.broadcast('init', [moduleOrPath]);
  }

  /**
   * Entities of each text, recognized in a worker; null if cancelled meanwhile.
   * @param {string[]} texts
   * @param {{labels?: string[], breaks?: number[][]}} [options] as LocalEngine.entities
   * @param {{cancelled?: () => boolean}} [control]
   */
  async entities(texts, options, { cancelled } = {}) {
    const value = await this.dispatch(texts, 'entities', [texts, options]);
    return cancelled && cancelled() ? null : value;
  }

  /**
   * Matches of `query` in each text, found in a worker; null if cancelled meanwhile.
   * @param {string[]} texts
   * @param {string} query
   * @param {{cancelled?: () => boolean}} [control]
   */
  async find(texts, query, { cancelled } = {}) {
    const value = await this.dispatch(texts, 'find', [texts, query]);
    return cancelled && cancelled() ? null : value;
  }

  /** Adds user names in every worker. */
  addNames(list) {
    return this.broadcast('addNames', [list]);
  }

  /** Forgets every worker's user names. */
  clearNames() {
    return this.broadcast('clearNames', []);
  }

  /** Stops every worker; pending calls reject. */
  dispose() {
    for (const channel of this.channels) channel.dispose();
  }
}
