// The painters' styles in shadow roots and frames. The page styles alam's
// highlights and marks in its own document (alam.css, or its own rules), but
// those rules do not reach into a frame's document, nor (in Firefox, and for
// marks in every engine) into a shadow tree: a painter that paints there puts
// a copy of them in that scope, as an adopted style sheet (no element in the
// page, nothing a Content-Security-Policy blocks), and takes it out on clear().
//
// Exports:
//   prefixRules(doc, prefix) -> string   the rules of `doc` that style `prefix`
//   class ScopeStyles
//     new ScopeStyles(home, css)   `home`: the document that has the styles already
//     cover(node)                  style the scope of `node` (once per scope)
//     clear()                      take every copy out again

/**
 * The CSS text of the rules of `doc`'s style sheets that mention `prefix` as
 * a class, a highlight name or a custom property (`.alam`, `alam-PER`,
 * `--alam-per`), whole (an @media rule with all it holds). Sheets this
 * document may not read (cross-origin) are skipped.
 * @param {Document} doc
 * @param {string} prefix
 * @returns {string}
 */
export function prefixRules(doc, prefix) {
  const mentions = new RegExp(`(^|[^\\w-])(--)?${prefix}([-\\s.,:{)\\[]|$)`);
  const rules = [];
  for (const sheet of Array.from(doc.styleSheets)) {
    let list;
    try {
      list = sheet.cssRules;
    } catch {
      continue; // a cross-origin sheet
    }
    for (const rule of Array.from(list)) if (mentions.test(rule.cssText)) rules.push(rule.cssText);
  }
  return rules.join('\n');
}

/** Copies of one style text in the shadow roots and documents a painter painted in. */
export class ScopeStyles {
  /**
   * @param {Document} home the document whose own style sheets already style
   *   the painting (never given a copy)
   * @param {string | (() => string)} css the style text, or a function that
   *   makes it when a scope first needs it
   */
  constructor(home, css) {
    this.home = home;
    this.css = css;
    /** @type {Map<Document | ShadowRoot, CSSStyleSheet>} scope -> the sheet it adopted */
    this.adopted = new Map();
    /** @type {Map<Document, CSSStyleSheet>} one sheet per document, shared by its scopes */
    this.sheets = new Map();
  }

  /**
   * Gives the scope of `node` (its shadow root, or its document when that is
   * not `home`) a copy of the styles, once.
   * @param {Node} node
   */
  cover(node) {
    const scope = node.getRootNode();
    const isShadow = scope.nodeType === 11 && 'host' in scope;
    if (!(isShadow || (scope.nodeType === 9 && scope !== this.home))) return;
    const target = /** @type {Document | ShadowRoot} */ (scope);
    if (this.adopted.has(target) || !Array.isArray(target.adoptedStyleSheets)) return;
    const sheet = this.sheetFor(node.ownerDocument);
    if (!sheet) return;
    target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
    this.adopted.set(target, sheet);
  }

  /**
   * The style sheet for the scopes of `doc` (a sheet can only be adopted in
   * the document that made it), or null where the text is empty.
   * @param {Document} doc
   * @returns {CSSStyleSheet | null}
   */
  sheetFor(doc) {
    let sheet = this.sheets.get(doc);
    if (!sheet) {
      if (typeof this.css === 'function') this.css = this.css();
      const win = doc.defaultView;
      if (!this.css || !win) return null;
      sheet = new win.CSSStyleSheet();
      sheet.replaceSync(this.css);
      this.sheets.set(doc, sheet);
    }
    return sheet;
  }

  /** Takes every copy out of the scopes it went into. */
  clear() {
    for (const [scope, sheet] of this.adopted) {
      scope.adoptedStyleSheets = scope.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    }
    this.adopted.clear();
  }
}
