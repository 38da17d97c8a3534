// The engine that calls the wasm module on the main thread, one call per chunk,
// yielding between calls when a Slicer says the slice is over budget.
//
// Engine interface (shared with engine-worker.js):
//   entities(texts, {labels?, breaks?}, control?) -> Promise<Entity[][] | null>
//   find(texts, query, control?)       -> Promise<{start, end}[][] | null>
//   addNames(list) -> Promise<void>;  clearNames() -> Promise<void>
//   dispose()
//   parallel: boolean  (true when calls run beside the page's thread)
// `breaks[i]` are the break offsets of `texts[i]` (see collect.js), passed to
// the wasm `entities` as its `breaks` option. `control` is {slicer?: Slicer,
// cancelled?: () => boolean}; a cancelled run resolves to null. The wasm module
// is passed in, so this file imports none. When the wasm traps (a
// WebAssembly.RuntimeError, such as running out of memory), the engine calls
// its `onTrap(error)`, which unloads it and returns the Error to throw instead;
// a disposed engine rejects every call.

/**
 * The options of one wasm `entities` call: the labels wanted and the break
 * offsets of that text (undefined when there are neither, the fastest call).
 * @param {string[] | undefined} labels
 * @param {number[] | undefined} breaks
 * @returns {{labels?: string[], breaks?: number[]} | undefined}
 */
export function entityOptions(labels, breaks) {
  if (!labels && !breaks?.length) return undefined;
  const options = {};
  if (labels) options.labels = labels;
  if (breaks?.length) options.breaks = breaks;
  return options;
}

/** Runs the wasm exports in this thread. */
export class LocalEngine {
  /**
   * @param {{entities: Function, find: Function, addNames: Function, clearNames: Function}} wasm
   *   the namespace of the initialised wasm-bindgen glue
   * @param {(trap: Error, engine: LocalEngine) => Error} [onTrap] called when the wasm traps; returns the Error to throw
   */
  constructor(wasm, onTrap = (error) => error) {
    /** Calls run on this thread, one after another. */
    this.parallel = false;
    /** The glue, or null once disposed. */
    this.wasm = wasm;
    this.onTrap = onTrap;
  }

  /**
   * Runs one call of the wasm: a trap becomes `onTrap`'s Error; after
   * dispose(), a clear Error.
   * @template T
   * @param {() => T} call
   * @returns {T}
   */
  guard(call) {
    if (!this.wasm) throw new Error('alam: this engine was unloaded after a failure; call `await init()` again');
    try {
      return call();
    } catch (error) {
      throw error instanceof WebAssembly.RuntimeError ? this.onTrap(error, this) : error;
    }
  }

  /**
   * Calls `fn` on each text in turn, yielding between calls when over budget.
   * @template T
   * @param {string[]} texts
   * @param {(text: string, index: number) => T} fn
   * @param {{slicer?: {maybeYield(): Promise<void>}, cancelled?: () => boolean}} control
   * @returns {Promise<T[] | null>}
   */
  async each(texts, fn, { slicer, cancelled } = {}) {
    const out = new Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      out[i] = this.guard(() => fn(texts[i], i));
      if (slicer) await slicer.maybeYield();
      if (cancelled && cancelled()) return null;
    }
    return out;
  }

  /**
   * Entities of each text: `wasm.entities(text, {labels, breaks})` per text,
   * with that text's breaks.
   * @param {string[]} texts
   * @param {{labels?: string[], breaks?: number[][]}} [options]
   */
  entities(texts, { labels, breaks } = {}, control = undefined) {
    return this.each(texts, (text, i) => this.wasm.entities(text, entityOptions(labels, breaks?.[i])), control);
  }

  /** Matches of `query` in each text: `wasm.find(text, query)` per text. */
  find(texts, query, control) {
    return this.each(texts, (text) => this.wasm.find(text, query), control);
  }

  /** Adds user names (`[{text, label}]`) to the recognizer. */
  async addNames(list) {
    this.guard(() => this.wasm.addNames(list));
  }

  /** Forgets every user name. */
  async clearNames() {
    this.guard(() => this.wasm.clearNames());
  }

  /** Lets go of the wasm instance (after a trap); later calls throw. */
  dispose() {
    this.wasm = null;
  }
}
