// Hand-written types for alam.js (the wasm-bindgen glue has its own, generated
// wasm/alam.d.ts). Offsets are UTF-16 code units, end exclusive.
//
// Limits and failures: a text-level call takes at most 33,554,432 (2^25)
// UTF-16 units of text (a RangeError before any work; highlight() cuts a page
// into chunks of at most 4,096 units, at sentence ends, so it has no such
// limit). If the wasm module fails anyway (a WebAssembly.RuntimeError, such as
// running out of memory), the call throws an Error saying so and the module is
// unloaded: call `await init()` again to load a fresh one, and add names again.

/** An entity label. */
export type Label = 'PER' | 'LOC' | 'ORG' | 'MISC';

/** The labels the recognizer knows: PER, LOC, ORG, MISC. */
export const LABELS: readonly Label[];

/** Input accepted by the wasm-bindgen initialiser. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOptions {
  /** Where the .wasm comes from (default: alam_bg.wasm next to the glue). */
  module_or_path?: InitInput | Promise<InitInput>;
  /**
   * Run the wasm in Web Workers (worker.js) so recognition never blocks the
   * page. Then `module_or_path` must be cloneable and the text-level functions
   * (normalize, normalizeMapped, entities) throw.
   */
  worker?: boolean;
  /**
   * With `worker: true`, how many workers share the batches of a long page: a
   * positive integer (default: one per core, at most 4). Each holds its own
   * wasm instance and model. A TypeError without `worker: true`.
   */
  workers?: number;
}

/** Loads the wasm once; later calls return the same promise. */
export function init(options?: InitOptions): Promise<void>;

/** Fold switches, e.g. `{alef: false, punctuation: true}`. */
export type NormalizeOptions = Partial<
  Record<
    | 'diacritics'
    | 'tatweel'
    | 'alef'
    | 'yeh'
    | 'tehMarbuta'
    | 'persian'
    | 'presentationForms'
    | 'digits'
    | 'invisibles'
    | 'punctuation',
    boolean
  >
>;

/** Normalizes Arabic text (a TypeError if `text` is not a string, a RangeError past 2^25 units). */
export function normalize(text: string, options?: NormalizeOptions): string;

/** A normalized text with its map back to the original. */
export interface Mapped {
  text: string;
  /** Normalized UTF-16 unit i came from original units starts[i]..ends[i]. */
  starts: Uint32Array;
  ends: Uint32Array;
  /** How many original characters each fold changed. */
  folds: Partial<Record<keyof NormalizeOptions, number>>;
}

/** Normalizes `text`, returning the offset map and the folds that fired. */
export function normalizeMapped(text: string, options?: NormalizeOptions): Mapped;

/** An entity found in a string. */
export interface Entity {
  start: number;
  end: number;
  label: Label;
  /** The original text of the mention. */
  text: string;
  /** Groups mentions of one entity (بالرباط and الرباط share the key الرباط). */
  key: string;
  /** 1 for added names; for the model, about the chance that span and label are exactly right. */
  score: number;
}

export interface EntitiesOptions {
  /** Labels to keep (default: all). */
  labels?: Label[];
  /**
   * Offsets in `text` that no entity may span (it may end at one and start
   * after it; a break inside a word is ignored). The page layer passes the
   * edges of links, labels, code, quotations, times, sub/superscripts and
   * isolates (a list item, cell, line break or button ends the text itself).
   */
  breaks?: number[] | Uint32Array;
}

/**
 * The entities of a plain string, sorted, never overlapping, of at most 12
 * words each (a TypeError if `text` is not a string, a RangeError past 2^25 units).
 */
export function entities(text: string, options?: EntitiesOptions): Entity[];

/** A name the recognizer must always find. */
export interface UserName {
  text: string;
  label: Label;
}

/** Adds names for every later highlight; settles once the engine has them. */
export function addNames(list: UserName[]): Promise<void>;

/** Forgets every user name. */
export function clearNames(): Promise<void>;

export interface PaintOptions {
  /** 'auto' (default) = CSS Custom Highlight API where available, else <mark>. */
  mode?: 'auto' | 'highlights' | 'mark';
  /** Selectors whose subtrees are not read. */
  exclude?: string | string[];
  /** Class and highlight-name prefix (default 'alam': `alam-PER`). */
  classPrefix?: string;
  /**
   * Read the text of open shadow roots too (default false). Closed shadow
   * roots are never read. No entity spans into or out of a shadow root.
   */
  shadow?: boolean;
  /**
   * Read the documents of same-origin <iframe>s and <frame>s too (default
   * false); cross-origin frames are skipped. Highlights go in each frame's own
   * `CSS.highlights`.
   */
  frames?: boolean;
}

export interface HighlightOptions extends PaintOptions {
  /** Labels to find (default: all). */
  labels?: Label[];
  /** Re-run (reusing earlier results) when the DOM under root changes. */
  observe?: boolean;
  /** Names added first, as with addNames(). */
  names?: UserName[];
  /** Word shown for each label in mark titles, e.g. `{PER: 'Person'}`. */
  titles?: Partial<Record<Label, string>>;
}

/** One mention of an entity on the page. */
export interface Mention {
  text: string;
  label: Label;
  key: string;
  /** As Entity.score. */
  score: number;
  /**
   * A live Range over the mention (in mark mode, over its marks, made on the
   * first read), the same object on every read. The next run or clear() moves
   * it out of the page, into an empty document, so that thousands of them do
   * not slow every later DOM change: keep what you need from it before.
   */
  readonly range: Range;
  /** The <mark> elements of the mention (mark mode; empty otherwise). */
  marks: Element[];
}

export interface FocusOptions {
  /** Scroll the item into view (default true). */
  scroll?: boolean;
}

/** The mentions of one entity (one label and key). */
export interface EntityGroup {
  /** The recognizer's grouping key (normalized: ة→ه, ى→ي, no clitics). */
  key: string;
  /** The mention text seen most often, for display. */
  name: string;
  label: Label;
  mentions: Mention[];
}

/** Figures of the last completed run. */
export interface RunStats {
  chunks: number;
  characters: number;
  mentions: number;
  /** From start to done. */
  ms: number;
  /** Of `ms`, the time spent waiting for the recognizer (wasm calls, or the worker). */
  engineMs: number;
}

interface PaintingEvents<T> {
  done: CustomEvent<T>;
  error: CustomEvent<unknown>;
}

/** The entities painted under one root; see highlight(). */
export class Highlighter extends EventTarget {
  private constructor();
  readonly root: Node;
  readonly mode: 'highlights' | 'mark';
  /** Entities of the last run, in order of first mention. */
  readonly entities: EntityGroup[];
  readonly stats: RunStats;
  /** Settles when the latest run ends. */
  readonly done: Promise<Highlighter>;
  setVisible(label: Label, visible: boolean): void;
  isVisible(label: Label): boolean;
  /**
   * Shows one of `entities`' mentions as the current one (highlight
   * `alam-focus`, or class `alam-focus` on its marks; see alam.css) and
   * scrolls to it, until blur(), another focus() or the next run.
   */
  focus(mention: Mention, options?: FocusOptions): void;
  /** Stops showing the current mention. */
  blur(): void;
  refresh(): Promise<Highlighter>;
  /** Removes every highlight or mark (mark mode restores the exact DOM) and stops observing. */
  clear(): void;
  addEventListener<K extends keyof PaintingEvents<Highlighter>>(
    type: K,
    listener: (event: PaintingEvents<Highlighter>[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}

/** One find match. */
export interface Match {
  text: string;
  /** As Mention.range. */
  readonly range: Range;
  marks: Element[];
}

/** The matches of one query under one root; see find(). */
export class Finder extends EventTarget {
  private constructor();
  readonly root: Node;
  readonly mode: 'highlights' | 'mark';
  readonly query: string;
  /** Matches in document order. */
  readonly matches: Match[];
  readonly stats: RunStats;
  readonly done: Promise<Finder>;
  /** As Highlighter.focus(), for a match. */
  focus(match: Match, options?: FocusOptions): void;
  blur(): void;
  clear(): void;
  addEventListener<K extends keyof PaintingEvents<Finder>>(
    type: K,
    listener: (event: PaintingEvents<Finder>[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}

/**
 * Finds and paints the named entities under `root`; replaces an earlier
 * highlight of the same root. `root` may be outside the document (a
 * DocumentFragment, a detached element, or an element the page removes
 * meanwhile): the detached tree is painted. Nothing is read inside editable
 * content (contenteditable, designMode, editing ARIA roles,
 * `-webkit-user-modify`). With `shadow` and `frames`, open shadow roots and
 * same-origin frames are read too, and get a copy of the page's style rules
 * for the prefix (an adopted style sheet, taken out by clear()); `observe`
 * follows those the last run found, and frames under the root that load a document. A run that keeps finding text the page changed gives
 * up after 5 runs in a row with an 'error' event; with `observe`, so does a
 * page that keeps removing alam's marks.
 */
export function highlight(root: Node, options?: HighlightOptions): Highlighter;

/**
 * Finds `query` under `root` ignoring diacritics, letter variants and attached
 * clitics, and paints the matches (`alam-find`); replaces an earlier find of the same root.
 */
export function find(root: Node, query: string, options?: PaintOptions): Finder;
