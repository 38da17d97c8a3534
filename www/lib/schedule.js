// Cooperative time slicing: long work runs in slices of a few milliseconds and
// yields to the browser between them, so no task grows past 50 ms.
//
// Exports:
//   yieldToMain() -> Promise<void>
//   class Slicer  new Slicer(budgetMs = 8); await slicer.maybeYield()

/**
 * Resolves on a fresh task, letting input and rendering run first. Uses
 * `scheduler.yield()` where the browser has it (the continuation keeps its
 * priority), else a MessageChannel message (no 4 ms setTimeout clamp).
 * @returns {Promise<void>}
 */
export function yieldToMain() {
  const scheduler = globalThis.scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Tracks how long the current slice has run and yields once it is over budget. */
export class Slicer {
  /** @param {number} [budgetMs] how long one slice may run before yielding */
  constructor(budgetMs = 8) {
    this.budgetMs = budgetMs;
    this.sliceStart = performance.now();
  }

  /** Yields to the browser if the current slice is over budget. */
  async maybeYield() {
    if (performance.now() - this.sliceStart >= this.budgetMs) {
      await yieldToMain();
      this.sliceStart = performance.now();
    }
  }
}
