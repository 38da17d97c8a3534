// What the extension tests of every engine share: building the extension,
// the names they add, the strict CSP of /csp.html, and reading what the
// content script painted. `page` is any page of the tests' page interface
// (helpers/page.mjs) or a playwright-core Page.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { REPO } from './server.mjs';

/** The pages the extension is tested on, served from 127.0.0.1. */
export const PAGES = join(REPO, 'tests/web/pages/extension');

/** The CSP of /csp.html: no script of the page's own may run at all. */
export const STRICT_CSP = "script-src 'none'";

/** Response headers of the extension test pages. */
export const pageHeaders = (path) => (path === '/csp.html' ? { 'content-security-policy': STRICT_CSP } : {});

/** Names added through the extension's `addNames` message, so the expected entities do not depend on the model. */
export const NAMES = [
  { text: 'سلمى الزهراني', label: 'PER' },
  { text: 'فارس القحطاني', label: 'PER' },
];

/**
 * Builds the extension into `scratch` with scripts/make-extension.mjs (which
 * needs `make wasm` done), unless ALAM_EXTENSION_DIR names a built Chromium
 * folder. Returns the Chromium folder; the Firefox build is beside it, in the
 * same name with `-firefox`.
 */
export function buildExtension(scratch) {
  if (process.env.ALAM_EXTENSION_DIR) return resolve(process.env.ALAM_EXTENSION_DIR);
  const out = join(scratch, 'extension');
  execFileSync(process.execPath, ['scripts/make-extension.mjs', out, join(scratch, 'extension.zip')], {
    cwd: REPO,
    stdio: 'pipe',
  });
  return out;
}

/** label -> texts of the ranges the extension registered in the page, in document order. */
export function highlighted(page) {
  return page.evaluate(() => {
    const out = {};
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('alam-ext-')) continue;
      const ranges = [...highlight].sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      out[name.slice('alam-ext-'.length)] = ranges.map((range) => range.toString());
    }
    return out;
  });
}

/** Waits until the page has a range of `label` whose text is `text`. */
export function waitForHighlight(page, label, text) {
  return page.waitForFunction(
    ([name, wanted]) => [...(CSS.highlights.get(name) ?? [])].some((range) => range.toString() === wanted),
    [`alam-ext-${label}`, text],
    { timeout: 10_000 },
  );
}

/** What paintedInside() finds in /shadow.html once the extension has painted it. */
export const SHADOW_PAINTED = {
  shadow: ['سلمى الزهراني'],
  frame: ['فارس القحطاني'],
  sheets: { shadow: 1, frame: 1 },
};

/**
 * What the extension painted in /shadow.html, once it has painted the frame:
 * the texts of its ranges inside the open shadow root of #card (in the page's
 * registry), those in the frame #frame (in the frame's own registry), and how
 * many style sheets each of the two adopted (the copy of content.css).
 */
export async function paintedInside(page) {
  await page.waitForFunction(
    () => [...(document.getElementById('frame').contentWindow.CSS.highlights.get('alam-ext-PER') ?? [])].length > 0,
    undefined,
    { timeout: 10_000 },
  );
  return page.evaluate(() => {
    const texts = (registry, inside) =>
      [...registry]
        .filter(([name]) => name.startsWith('alam-ext-'))
        .flatMap(([, highlight]) => [...highlight])
        .filter((range) => inside(range.startContainer))
        .map(String);
    const shadowRoot = document.getElementById('card').shadowRoot;
    const frameDoc = document.getElementById('frame').contentDocument;
    return {
      shadow: texts(CSS.highlights, (node) => node.getRootNode() === shadowRoot),
      frame: frameDoc.defaultView.CSS ? texts(frameDoc.defaultView.CSS.highlights, () => true) : [],
      sheets: { shadow: shadowRoot.adoptedStyleSheets.length, frame: frameDoc.adoptedStyleSheets.length },
    };
  });
}
