// highlight() with `shadow` and `frames`: open shadow roots and same-origin
// frames are read and painted, closed shadow roots and cross-origin frames
// are not, no entity spans into or out of one, and clear() takes everything
// out again (the highlights in each document's own registry, the marks, the
// style sheets copied into those scopes). In both painting modes, in every
// engine of helpers/browser.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, launchBrowser, openFixture } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

const NAMES = [
  { text: 'سامي الخطيب', label: 'PER' },
  { text: 'نادية السويدي', label: 'PER' },
  { text: 'بيروت', label: 'LOC' },
  { text: 'الرباط', label: 'LOC' },
];

let browser;
let server;
let page;
let highlightsSupported;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openFixture(browser, server.url);
  highlightsSupported = await page.evaluate(() => typeof Highlight === 'function' && 'highlights' in CSS);
  await page.evaluate(() => {
    /**
     * Fills #root: `html`, then an open and a closed shadow root on the hosts
     * `#open` and `#closed` (if `html` has them), then a same-origin frame
     * (srcdoc) on `#frame` holding `frame` and, on its `#inner` host, an open
     * shadow root with `frameShadow`. Resolves once the frame has loaded.
     */
    window.build = async ({ html, open, closed, frame, frameShadow }) => {
      window.hl?.clear();
      const root = document.getElementById('root');
      root.innerHTML = html;
      if (open !== undefined) root.querySelector('#open').attachShadow({ mode: 'open' }).innerHTML = open;
      if (closed !== undefined) root.querySelector('#closed').attachShadow({ mode: 'closed' }).innerHTML = closed;
      const iframe = root.querySelector('#frame');
      if (iframe && frame !== undefined) {
        const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
        iframe.srcdoc = `<!doctype html><html lang="ar" dir="rtl"><body>${frame}</body></html>`;
        await loaded;
        const inner = iframe.contentDocument.getElementById('inner');
        if (inner && frameShadow !== undefined) inner.attachShadow({ mode: 'open' }).innerHTML = frameShadow;
      }
      return root;
    };
    /** Where `node` is: 'document', 'shadow', 'frame' or 'frame shadow'. */
    window.whereIs = (node) => {
      const scope = node.getRootNode();
      const inFrame = (scope.ownerDocument ?? scope) !== document;
      if (scope.nodeType === 11 && 'host' in scope) return inFrame ? 'frame shadow' : 'shadow';
      return inFrame ? 'frame' : 'document';
    };
    /** The mentions of `hl`: text, where, whether the Range reads back the text and stays in one tree. */
    window.mentionsOf = (hl) =>
      hl.entities.flatMap((group) =>
        group.mentions.map((m) => ({
          text: m.text,
          label: group.label,
          where: window.whereIs(m.range.startContainer),
          readsBack: m.range.toString() === m.text,
          oneTree: m.range.startContainer.getRootNode() === m.range.endContainer.getRootNode(),
        })),
      );
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Sorted "text@where" of the mentions, for comparisons. */
function found(mentions) {
  return mentions.map((m) => `${m.text}@${m.where}`).sort();
}

for (const mode of ['highlights', 'mark']) {
  describe(`${mode} mode`, () => {
    /** Skips the highlights-mode tests where the engine lacks the API, saying so. */
    const needsMode = (t) => {
      if (mode === 'highlights' && !highlightsSupported) {
        t.skip(`${ENGINE} has no CSS Custom Highlight API: mode 'highlights' throws there (highlight.test.mjs)`);
        return true;
      }
      return false;
    };

    test('open shadow roots are read with shadow: true, closed ones never, and nothing spans the boundary', async (t) => {
      if (needsMode(t)) return;
      const result = await page.evaluate(
        async ({ mode, names }) => {
          const spec = {
            html: '<p>زار سامي <span id="open"></span> اليوم.</p><p id="closed"></p><p>وصل إلى بيروت.</p>',
            open: '<b>الخطيب</b> ثم <i>نادية السويدي</i> في الرباط',
            closed: 'وصل سامي الخطيب إلى بيروت',
          };
          const root = await window.build(spec);
          const without = window.alam.highlight(root, { mode, names });
          await without.done;
          const plain = window.mentionsOf(without);
          without.clear();
          const hl = (window.hl = window.alam.highlight(root, { mode, names, shadow: true }));
          await hl.done;
          const shadowRoot = root.querySelector('#open').shadowRoot;
          const sheets = shadowRoot.adoptedStyleSheets.length;
          const styled = [...shadowRoot.adoptedStyleSheets].some((sheet) =>
            [...sheet.cssRules].some((rule) => rule.cssText.includes(mode === 'mark' ? 'mark.alam-PER' : 'highlight(alam-PER)')),
          );
          const shadowMarks = [...shadowRoot.querySelectorAll('mark.alam-PER')];
          const markColour = shadowMarks.length ? getComputedStyle(shadowMarks[0]).backgroundColor : null;
          const mentions = window.mentionsOf(hl);
          hl.clear();
          return { plain, mentions, sheets, styled, markColour, sheetsAfter: shadowRoot.adoptedStyleSheets.length };
        },
        { mode, names: NAMES },
      );
      // The recognizer may find more in the light DOM (زار سامي): the names
      // that matter are the shadow roots' and the one split by the boundary.
      const where = (list, place) => found(list.filter((m) => m.where === place));
      assert.deepEqual(where(result.plain, 'shadow'), [], 'without `shadow` only the light DOM is read');
      const inShadow = where(result.mentions, 'shadow');
      for (const name of ['الرباط@shadow', 'نادية السويدي@shadow']) assert.ok(inShadow.includes(name), `${name} in ${inShadow}`);
      assert.equal(found(result.mentions).filter((m) => m.startsWith('بيروت')).length, 1, 'the closed root is not read');
      assert.ok(result.mentions.every((m) => m.readsBack && m.oneTree), JSON.stringify(result.mentions));
      assert.ok(
        !result.mentions.some((m) => m.text.includes('سامي الخطيب')),
        'سامي (light DOM) + الخطيب (open shadow root) is no entity, and the closed root is not read',
      );
      assert.equal(result.sheets, 1, 'one copy of the styles in the shadow root');
      assert.ok(result.styled, 'the copy holds the rules of alam.css for the prefix');
      if (mode === 'mark') assert.notEqual(result.markColour, 'rgba(0, 0, 0, 0)', 'marks in the shadow root are coloured');
      assert.equal(result.sheetsAfter, 0, 'clear() takes the copy out');
    });

    test('a same-origin frame (and a shadow root inside it) is read with frames: true and cleared', async (t) => {
      if (needsMode(t)) return;
      const result = await page.evaluate(
        async ({ mode, names }) => {
          const root = await window.build({
            html: '<p>من بيروت</p><iframe id="frame"></iframe>',
            frame: '<p>زارت نادية السويدي <span id="inner"></span></p>',
            frameShadow: '<p>مدينة الرباط</p>',
          });
          const frameDoc = root.querySelector('#frame').contentDocument;
          const frameWin = frameDoc.defaultView;
          const before = { body: frameDoc.body.innerHTML, shadow: frameDoc.getElementById('inner').shadowRoot.innerHTML };
          const hl = (window.hl = window.alam.highlight(root, { mode, names, frames: true, shadow: true }));
          await hl.done;
          const mentions = window.mentionsOf(hl);
          const registered = frameWin.CSS?.highlights ? [...frameWin.CSS.highlights.keys()].sort() : null;
          const frameMark = frameDoc.querySelector('mark.alam-PER');
          const markColour = frameMark ? frameWin.getComputedStyle(frameMark).backgroundColor : null;
          const frameSheets = frameDoc.adoptedStyleSheets.length;
          hl.clear();
          return {
            mentions,
            registered,
            markColour,
            frameSheets,
            after: {
              body: frameDoc.body.innerHTML,
              shadow: frameDoc.getElementById('inner').shadowRoot.innerHTML,
              registered: frameWin.CSS?.highlights ? [...frameWin.CSS.highlights.keys()] : null,
              sheets: frameDoc.adoptedStyleSheets.length,
            },
            before,
          };
        },
        { mode, names: NAMES },
      );
      assert.deepEqual(found(result.mentions), ['الرباط@frame shadow', 'بيروت@document', 'نادية السويدي@frame']);
      assert.ok(result.mentions.every((m) => m.readsBack && m.oneTree));
      if (mode === 'highlights') {
        assert.deepEqual(result.registered, ['alam-LOC', 'alam-PER'], "the frame's ranges are in the frame's own registry");
      } else {
        assert.notEqual(result.markColour, 'rgba(0, 0, 0, 0)', 'marks in the frame are coloured (copied styles)');
      }
      assert.equal(result.frameSheets, 1, 'one copy of the styles in the frame document');
      assert.deepEqual(result.after.registered ?? [], []);
      assert.equal(result.after.sheets, 0);
      assert.equal(result.after.body, result.before.body, "clear() restores the frame's body byte for byte");
      assert.equal(result.after.shadow, result.before.shadow, "clear() restores the frame's shadow root byte for byte");
    });

    test('clear() restores the host content and the shadow root byte for byte', async (t) => {
      if (needsMode(t)) return;
      const result = await page.evaluate(
        async ({ mode, names }) => {
          const root = await window.build({
            html: '<p>في <b>بيروت</b> <span id="open">قال سامي الخطيب</span>، و<i>الرباط</i>.</p>',
            open: '<p>وصل <em>سامي</em> الخطيب إلى <slot></slot> بيروت.</p>',
          });
          const shadowRoot = root.querySelector('#open').shadowRoot;
          const before = { light: root.innerHTML, shadow: shadowRoot.innerHTML };
          const hl = (window.hl = window.alam.highlight(root, { mode, names, shadow: true }));
          await hl.done;
          const during = { light: root.innerHTML, shadow: shadowRoot.innerHTML, count: window.mentionsOf(hl).length };
          hl.clear();
          return { before, during, after: { light: root.innerHTML, shadow: shadowRoot.innerHTML } };
        },
        { mode, names: NAMES },
      );
      assert.ok(result.during.count >= 5, `light DOM and shadow mentions found: ${result.during.count}`);
      if (mode === 'mark') assert.notEqual(result.during.shadow, result.before.shadow, 'marks went into the shadow root');
      else assert.equal(result.during.shadow, result.before.shadow, 'highlights leave the DOM alone');
      assert.deepEqual(result.after, result.before);
    });

    test('a cross-origin frame is skipped silently', async (t) => {
      if (needsMode(t)) return;
      // localhost and 127.0.0.1 are two origins: the frame's document cannot be read.
      const other = server.url.replace('127.0.0.1', 'localhost');
      const result = await page.evaluate(
        async ({ mode, names, src }) => {
          const root = await window.build({ html: '<p>من بيروت</p><iframe id="frame"></iframe>' });
          const iframe = root.querySelector('#frame');
          const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
          iframe.src = `${src}/fixture.html`;
          await loaded;
          const errors = [];
          const hl = (window.hl = window.alam.highlight(root, { mode, names, frames: true }));
          hl.addEventListener('error', (event) => errors.push(String(event.detail)));
          await hl.done;
          const mentions = window.mentionsOf(hl);
          hl.clear();
          return { mentions, errors, readable: (() => { try { return iframe.contentDocument !== null; } catch { return false; } })() };
        },
        { mode, names: NAMES, src: other },
      );
      assert.equal(result.readable, false, 'the frame is cross-origin');
      assert.deepEqual(found(result.mentions), ['بيروت@document']);
      assert.deepEqual(result.errors, []);
    });

    test('observe follows text added inside a shadow root and a frame', async (t) => {
      if (needsMode(t)) return;
      const result = await page.evaluate(
        async ({ mode, names }) => {
          const root = await window.build({
            html: '<p id="open"></p><iframe id="frame"></iframe>',
            open: '<p>من بيروت</p>',
            frame: '<p>من الرباط</p>',
          });
          const hl = (window.hl = window.alam.highlight(root, { mode, names, shadow: true, frames: true, observe: true }));
          await hl.done;
          const first = window.mentionsOf(hl).length;
          const nextRun = () => new Promise((resolve) => hl.addEventListener('done', resolve, { once: true }));
          let run = nextRun();
          root.querySelector('#open').shadowRoot.append(Object.assign(document.createElement('p'), { textContent: 'قال سامي الخطيب' }));
          await run;
          const afterShadow = window.mentionsOf(hl).map((m) => `${m.text}@${m.where}`);
          run = nextRun();
          const frameDoc = root.querySelector('#frame').contentDocument;
          frameDoc.body.append(Object.assign(frameDoc.createElement('p'), { textContent: 'وقالت نادية السويدي' }));
          await run;
          const afterFrame = window.mentionsOf(hl).map((m) => `${m.text}@${m.where}`);
          // A frame that loads a document later is read then (its `load`
          // event: setting srcdoc is no change the observer sees).
          const late = document.createElement('iframe');
          run = nextRun();
          root.append(late);
          await run;
          late.srcdoc = '<p>زار سامي الخطيب</p>';
          const deadline = performance.now() + 5000;
          const inLate = () => window.mentionsOf(hl).some((m) => m.text === 'سامي الخطيب' && m.where === 'frame');
          while (!inLate() && performance.now() < deadline) {
            await Promise.race([nextRun(), new Promise((resolve) => setTimeout(resolve, deadline - performance.now()))]);
          }
          const lateFrame = inLate();
          hl.clear();
          return { first, afterShadow, afterFrame, lateFrame };
        },
        { mode, names: NAMES },
      );
      assert.equal(result.first, 2);
      assert.ok(result.afterShadow.includes('سامي الخطيب@shadow'), JSON.stringify(result.afterShadow));
      assert.ok(result.afterFrame.includes('نادية السويدي@frame'), JSON.stringify(result.afterFrame));
      assert.ok(result.lateFrame, 'a frame added and loaded later is read');
    });
  });
}

test('a 20,000-deep tree at the end of a chain of 100 nested shadow roots is read (no recursion)', async () => {
  const result = await page.evaluate(async (names) => {
    // Outside the document, as in stress.test.mjs: browsers crash laying out
    // a tree that deep, before alam does anything.
    const root = document.createElement('div');
    let host = root.appendChild(document.createElement('div'));
    for (let i = 0; i < 100; i++) {
      const inner = document.createElement('span');
      host.attachShadow({ mode: 'open' }).append(inner);
      host = inner;
    }
    let node = host;
    for (let i = 0; i < 20_000; i++) node = node.appendChild(document.createElement(i % 2 ? 'span' : 'div'));
    node.textContent = 'وصل سامي الخطيب إلى بيروت';
    const hl = (window.hl = window.alam.highlight(root, { names, shadow: true }));
    await hl.done;
    const mentions = window.mentionsOf(hl);
    hl.clear();
    return mentions.map((m) => `${m.text}@${m.where}`).sort();
  }, NAMES);
  assert.deepEqual(result, ['بيروت@shadow', 'سامي الخطيب@shadow']);
});

test('shadow and frames must be booleans', async () => {
  const message = await page.evaluate(() => {
    try {
      window.alam.highlight(document.getElementById('root'), { shadow: 'yes' });
      return null;
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  });
  assert.match(message, /^TypeError: .*`shadow` and `frames` must be booleans/);
});
