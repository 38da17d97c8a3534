// Reliability of the page layer (issue #12): roots outside the document,
// editable content, pages that fight alam's marks, arguments of the wrong
// type, and what collection hands the recognizer (cut chunks, break offsets).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openFixture } from './helpers/browser.mjs';
import { startServer } from './helpers/server.mjs';

const NAMES = [
  { text: 'سامي الخطيب', label: 'PER' },
  { text: 'بيروت', label: 'LOC' },
];
const SENTENCE = 'قال سامي الخطيب في بيروت إن الوفد وصل.';

let browser;
let server;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const engine of ['local', 'worker']) {
  for (const mode of ['highlights', 'mark']) {
    describe(`roots outside the document, ${engine} engine, ${mode} mode`, () => {
      let page;
      before(async () => {
        page = await openFixture(browser, server.url, { worker: engine === 'worker' });
      });
      after(() => page?.close());

      for (const kind of ['fragment', 'detached element']) {
        test(`a ${kind} is painted once, and find() works in it`, async () => {
          const result = await page.evaluate(
            async ({ kind, mode, names, sentence }) => {
              const { alam } = window;
              const root = kind === 'fragment' ? document.createDocumentFragment() : document.createElement('div');
              for (let i = 0; i < 50; i++) root.append(Object.assign(document.createElement('p'), { textContent: sentence }));
              const hl = alam.highlight(root, { mode, names });
              let runs = 0;
              let errors = 0;
              hl.addEventListener('done', () => runs++);
              hl.addEventListener('error', () => errors++);
              await hl.done;
              const finder = alam.find(root, 'بيروت', { mode });
              await finder.done;
              await new Promise((resolve) => setTimeout(resolve, 300));
              const mentions = hl.entities.flatMap((g) => g.mentions);
              const out = {
                runs,
                errors,
                mentions: mentions.length,
                wrong: mentions.filter((m) => m.range.toString() !== m.text).length,
                matches: finder.matches.map((m) => m.range.toString()),
                marks: root.querySelectorAll('mark').length,
              };
              finder.clear();
              hl.clear();
              out.left = root.querySelectorAll('mark').length;
              return out;
            },
            { kind, mode, names: NAMES, sentence: SENTENCE },
          );
          assert.equal(result.runs, 1, 'one run, no re-run loop');
          assert.equal(result.errors, 0);
          assert.equal(result.mentions, 100);
          assert.equal(result.wrong, 0);
          assert.equal(result.matches.length, 50);
          assert.ok(result.matches.every((text) => text === 'بيروت'));
          assert.equal(result.marks, mode === 'mark' ? 150 : 0);
          assert.equal(result.left, 0);
          assert.deepEqual(page.problems, []);
        });
      }

      test('a root the page takes out during a run and puts back: the run ends, without a re-run loop', async () => {
        const result = await page.evaluate(
          async ({ mode, names, sentence }) => {
            const { alam } = window;
            const root = document.getElementById('root');
            root.textContent = '';
            for (let i = 0; i < 2000; i++) root.append(Object.assign(document.createElement('p'), { textContent: `${sentence} ${i}` }));
            const parent = root.parentNode;
            await new Promise((resolve) => setTimeout(resolve, 0));
            const hl = alam.highlight(root, { mode, names });
            let runs = 0;
            hl.addEventListener('done', () => runs++);
            // Out after the run's first slice, back 200 ms later.
            setTimeout(() => root.remove(), 0);
            setTimeout(() => parent.append(root), 200);
            await hl.done;
            await new Promise((resolve) => setTimeout(resolve, 1000));
            const runsMeanwhile = runs;
            // Removing a node collapses the live Ranges inside it (DOM
            // standard), so highlights do not survive; a refresh() repaints.
            await hl.refresh();
            const mentions = hl.entities.flatMap((g) => g.mentions);
            const out = {
              runs: runsMeanwhile,
              connected: root.isConnected,
              // The names' mentions (the model may find more in 2,000 paragraphs).
              mentions: mentions.filter((m) => names.some((n) => n.text === m.text)).length,
              wrong: mentions.filter((m) => m.range.toString() !== m.text).length,
            };
            hl.clear();
            return out;
          },
          { mode, names: NAMES, sentence: SENTENCE },
        );
        assert.ok(result.connected);
        assert.ok(result.runs >= 1 && result.runs <= 3, `${result.runs} runs`);
        assert.equal(result.mentions, 4000);
        assert.equal(result.wrong, 0);
        assert.deepEqual(page.problems, []);
      });
    });
  }
}

describe('editable content and pages that fight marks', () => {
  let page;
  before(async () => {
    page = await openFixture(browser, server.url);
  });
  after(() => page?.close());

  for (const [what, html, rootId] of [
    ['a contenteditable ancestor above the root', `<div contenteditable="true"><div id="in"><p>${SENTENCE}</p></div></div>`, 'in'],
    ['an editing role on the root', `<div id="in" role="textbox"><p>${SENTENCE}</p></div>`, 'in'],
    ['-webkit-user-modify on an ancestor', `<div style="-webkit-user-modify: read-write"><div id="in"><p>${SENTENCE}</p></div></div>`, 'in'],
    ['an editing role inside the root', `<div id="in"><div role="textbox"><p>${SENTENCE}</p></div></div>`, 'in'],
    ['-webkit-user-modify inside the root', `<div id="in"><p style="-webkit-user-modify: read-write">${SENTENCE}</p></div>`, 'in'],
  ]) {
    test(`nothing is marked under ${what}`, async (t) => {
      const result = await page.evaluate(
        async ({ html, rootId, names }) => {
          const root = document.getElementById('root');
          root.innerHTML = html;
          const before = root.innerHTML;
          const hl = window.alam.highlight(document.getElementById(rootId), { mode: 'mark', names });
          await hl.done;
          const out = {
            mentions: hl.entities.length,
            same: root.innerHTML === before,
            // Firefox has no -webkit-user-modify: there such content is not editable.
            editable: !html.includes('-webkit-user-modify') || CSS.supports('-webkit-user-modify', 'read-write'),
          };
          hl.clear();
          return out;
        },
        { html, rootId, names: NAMES },
      );
      if (!result.editable) {
        t.skip('this engine has no -webkit-user-modify: such content is not editable here');
        return;
      }
      assert.deepEqual(result, { mentions: 0, same: true, editable: true });
    });
  }

  test('nothing is marked in a designMode document', async () => {
    const result = await page.evaluate(async (names) => {
      const root = document.getElementById('root');
      root.innerHTML = '<p>قال سامي الخطيب في بيروت إن الوفد وصل.</p>';
      document.designMode = 'on';
      try {
        const hl = window.alam.highlight(root, { mode: 'mark', names });
        await hl.done;
        const out = { mentions: hl.entities.length, marks: root.querySelectorAll('mark').length };
        hl.clear();
        return out;
      } finally {
        document.designMode = 'off';
      }
    }, NAMES);
    assert.deepEqual(result, { mentions: 0, marks: 0 });
  });

  test('with observe, a page that unwraps every mark is repainted a few times, then left alone with an error event', async () => {
    const result = await page.evaluate(async (names) => {
      const root = document.getElementById('root');
      root.innerHTML = '<p>قال سامي الخطيب في بيروت إن الوفد وصل.</p>';
      // The page's own script: unwraps any mark it sees.
      const unwrapper = new MutationObserver(() => {
        for (const mark of root.querySelectorAll('mark')) mark.replaceWith(...mark.childNodes);
      });
      unwrapper.observe(root, { childList: true, subtree: true });
      const hl = window.alam.highlight(root, { mode: 'mark', names, observe: true });
      let runs = 0;
      const errors = [];
      hl.addEventListener('done', () => runs++);
      hl.addEventListener('error', (event) => errors.push(String(event.detail?.message ?? event.detail)));
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const runsAfter5s = runs;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      unwrapper.disconnect();
      hl.clear();
      return { runsAfter5s, runs, errors, text: root.textContent };
    }, NAMES);
    assert.ok(result.runsAfter5s <= 6, `${result.runsAfter5s} runs in 5 s`);
    assert.equal(result.runs, result.runsAfter5s, 'no run after giving up');
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0], /removed alam's marks .* stopped observing/);
    assert.equal(result.text, 'قال سامي الخطيب في بيروت إن الوفد وصل.');
  });
});

describe('arguments of the wrong type', () => {
  let page;
  before(async () => {
    page = await openFixture(browser, server.url);
  });
  after(() => page?.close());

  test('non-string text and non-object options are TypeErrors, and the module keeps working', async () => {
    const result = await page.evaluate(() => {
      const { alam } = window;
      const root = document.getElementById('root');
      const calls = {
        'normalize(123)': () => alam.normalize(123),
        'normalizeMapped({})': () => alam.normalizeMapped({}),
        'entities(null)': () => alam.entities(null),
        "normalize('x', [])": () => alam.normalize('x', []),
        "normalizeMapped('x', new Date())": () => alam.normalizeMapped('x', new Date()),
        "entities('x', new Map())": () => alam.entities('x', new Map()),
        'highlight(root, [])': () => alam.highlight(root, []),
        'highlight(root, () => {})': () => alam.highlight(root, () => {}),
        'find(root, "x", new Map())': () => alam.find(root, 'x', new Map()),
        'init(new Date())': () => alam.init(new Date()),
        "entities('x', {breaks: 'a'})": () => alam.entities('x', { breaks: 'a' }),
      };
      const out = {};
      for (const [name, call] of Object.entries(calls)) {
        try {
          call();
          out[name] = 'no error';
        } catch (error) {
          out[name] = `${error.name}: ${error.message}`;
        }
      }
      try {
        alam.entities('قال', { breaks: [1, 9] });
      } catch (error) {
        out.breaksRange = `${error.name}: ${error.message}`;
      }
      out.breaksOk = alam.entities('قال سامي', { breaks: new Uint32Array([3]) }).length >= 0;
      out.after = alam.normalize('مُحَمَّد');
      return out;
    });
    const { after: normalized, breaksRange, breaksOk, ...errors } = result;
    assert.match(breaksRange, /^RangeError: alam: entities\(\) option `breaks` must hold integer offsets from 0 to 3/);
    assert.ok(breaksOk);
    for (const [name, outcome] of Object.entries(errors)) {
      if (name.startsWith('init')) continue; // init() after init returns the same promise
      assert.match(outcome, /^TypeError: alam: /, name);
    }
    assert.equal(normalized, 'محمد');
    assert.deepEqual(page.problems, []);
  });
});

for (const engine of ['local', 'worker']) {
  test(`${engine} engine: after the wasm traps, a clear Error, and init() loads a fresh module`, { timeout: 120_000 }, async () => {
    const page = await openFixture(browser, server.url, { worker: engine === 'worker' });
    try {
      const result = await page.evaluate(async (names) => {
        const { alam } = window;
        const out = {};
        try {
          // 268 million units of names: the wasm runs out of memory (a real trap, about 10 s).
          await alam.addNames([{ text: 'ب '.repeat(2 ** 27), label: 'PER' }]);
          out.trap = 'no error';
        } catch (error) {
          out.trap = `${error.name}: ${error.message}`;
        }
        try {
          alam.highlight(document.getElementById('root'));
          out.afterTrap = 'no error';
        } catch (error) {
          out.afterTrap = error.message;
        }
        await alam.init({ worker: new URLSearchParams(location.search).has('worker') });
        const root = document.getElementById('root');
        root.innerHTML = '<p>قال سامي الخطيب في بيروت إن الوفد وصل.</p>';
        const hl = alam.highlight(root, { names });
        await hl.done;
        out.found = hl.entities.map((g) => g.name);
        hl.clear();
        return out;
      }, NAMES);
      assert.match(result.trap, /^Error: alam: the wasm module failed \(RuntimeError: .*\) and was unloaded; call `await init\(\)` again/);
      assert.match(result.afterTrap, /before init\(\) finished/);
      assert.ok(result.found.includes('سامي الخطيب') && result.found.includes('بيروت'), JSON.stringify(result.found));
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });
}

describe('collection', () => {
  let page;
  before(async () => {
    page = await openFixture(browser, server.url);
  });
  after(() => page?.close());

  test('break offsets at the edges of links, not of <b>', async () => {
    const chunks = await page.evaluate(async () => {
      const { collectChunks } = await import('/www/lib/collect.js');
      const root = document.getElementById('root');
      root.innerHTML =
        '<p><a href="#">محمد بن سلمان</a> <a href="#">محمد بن زايد</a> و<b>سامي</b> الخطيب<br>سطر</p>';
      return collectChunks(root).map(({ text, breaks }) => ({ text, breaks }));
    });
    const first = 'محمد بن سلمان محمد بن زايد وسامي الخطيب';
    assert.deepEqual(chunks, [
      { text: first, breaks: [13, 14, 26] },
      { text: 'سطر', breaks: [] },
    ]);
  });

  test('maxChars cuts a long paragraph at sentence ends into pieces whose node tables map back exactly', async () => {
    const result = await page.evaluate(async () => {
      const { collectChunks } = await import('/www/lib/collect.js');
      const { locate, isCurrent } = await import('/www/lib/locate.js');
      const root = document.getElementById('root');
      root.textContent = '';
      const p = document.createElement('p');
      for (let i = 0; i < 400; i++) {
        p.append(`جملة رقم ${i} عن سامي `, Object.assign(document.createElement('b'), { textContent: 'الخطيب' }), ' في بيروت. ');
      }
      p.append('ذ'.repeat(3000)); // a run without any space
      root.append(p);
      const whole = collectChunks(root)[0].text;
      const pieces = collectChunks(root, { maxChars: 1000 });
      const problems = [];
      for (const piece of pieces) {
        if (piece.text.length > 1000) problems.push(`piece of ${piece.text.length}`);
        if (!isCurrent(piece, root)) problems.push('piece not current');
        // Every unit of the piece maps back to the same unit in the page.
        for (let at = 0; at < piece.text.length; at += 97) {
          const range = locate(piece, at, at + 1);
          if (range.toString() !== piece.text[at]) problems.push(`unit ${at}`);
        }
      }
      const endsAtSentences = pieces.slice(0, -4).every((piece) => piece.text.endsWith('. '));
      return { joined: pieces.map((piece) => piece.text).join('') === whole, count: pieces.length, problems, endsAtSentences };
    });
    assert.ok(result.joined, 'the pieces make up the whole text');
    assert.ok(result.count > 10);
    assert.deepEqual(result.problems, []);
    assert.ok(result.endsAtSentences, 'pieces end at sentence ends where there are some');
  });
});
