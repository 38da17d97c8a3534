// Hand-written types for alam.js (the wasm-bindgen glue has its own, generated
// wasm/alam.d.ts). Offsets are UTF-16 code units, end exclusive.

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

/** Normalizes Arabic text. */
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

/**
 * The entities of a plain string, sorted, never overlapping. `labels` keeps
 * only those labels; `breaks` lists UTF-16 offsets that no entity may span
 * (where a link, list item, cell or line break of a page begins or ends).
 * Texts over 16,777,216 UTF-16 units throw a RangeError (read longer ones in
 * parts); entities have at most 12 words.
 */
export function entities(
  text: string,
  options?: { labels?: Label[]; breaks?: number[] | Uint32Array },
): Entity[];

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
   * A Range over the mention: live in highlights mode (until the next run or
   * clear(), which move it out of the page so it stops costing time at every
   * DOM change); in mark mode a fresh Range over the marks on each read.
   */
  readonly range: Range;
  /** The <mark> elements of the mention (mark mode; empty otherwise). */
  marks: Element[];
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
  clear(): void;
  addEventListener<K extends keyof PaintingEvents<Finder>>(
    type: K,
    listener: (event: PaintingEvents<Finder>[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
}

/** Finds and paints the named entities under `root`; replaces an earlier highlight of the same root. */
export function highlight(root: Node, options?: HighlightOptions): Highlighter;

/**
 * Finds `query` under `root` ignoring diacritics, letter variants and attached
 * clitics, and paints the matches (`alam-find`); replaces an earlier find of the same root.
 */
export function find(root: Node, query: string, options?: PaintOptions): Finder;
