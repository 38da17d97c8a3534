// Firefox runs content scripts in a sandbox that sees the page's DOM classes
// through Xray wrappers, and an instance of a class extending one of them
// lacks the subclass's methods: `class Painting extends EventTarget` (in
// www/lib/painting.js) throws "this.makePainter is not a function" there.
// Imported by content.js before the library, this module detects that and
// gives the sandbox a plain-JS EventTarget with the part of the API the
// library and content.js use (add/removeEventListener, dispatchEvent). Pages
// are unaffected: the sandbox's globals are its own. Chromium keeps its own.

/** Whether a subclass of the global EventTarget keeps its own methods here. */
function subclassesWork() {
  class Probe extends EventTarget {
    probe() {
      return true;
    }
  }
  return typeof new Probe().probe === 'function';
}

/** Listeners by event type, calling each in the order added. */
class SandboxEventTarget {
  #listeners = new Map();

  /**
   * @param {string} type
   * @param {((event: Event) => void) | {handleEvent(event: Event): void}} listener
   */
  addEventListener(type, listener) {
    const list = this.#listeners.get(type) ?? [];
    if (!list.includes(listener)) list.push(listener);
    this.#listeners.set(type, list);
  }

  /** @param {string} type @param {unknown} listener */
  removeEventListener(type, listener) {
    const list = this.#listeners.get(type) ?? [];
    this.#listeners.set(
      type,
      list.filter((l) => l !== listener),
    );
  }

  /** Calls the listeners of `event.type`; returns true, as nothing here cancels events. */
  dispatchEvent(event) {
    for (const listener of [...(this.#listeners.get(event.type) ?? [])]) {
      if (typeof listener === 'function') listener.call(this, event);
      else listener.handleEvent(event);
    }
    return true;
  }
}

if (!subclassesWork()) globalThis.EventTarget = SandboxEventTarget;
