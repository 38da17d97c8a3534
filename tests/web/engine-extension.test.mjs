// The extension's engine (www/lib/engine-extension.js) in Node, against a
// stand-in for chrome.runtime that records the messages and answers them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExtensionEngine } from '../../www/lib/engine-extension.js';

/** A chrome.runtime stand-in: `answer(message)` makes each reply; `sent` keeps the messages. */
function runtime(answer) {
  const sent = [];
  return {
    sent,
    async sendMessage(message) {
      sent.push(message);
      return answer(message);
    },
  };
}

/** One fake entity per text: the whole text as a PER. */
const wholeText = ({ texts }) => ({
  ok: true,
  results: texts.map((text) => [{ start: 0, end: text.length, label: 'PER', text, key: text, score: 1 }]),
});

test('entities: one message for the texts worth sending; the others get no entities', async () => {
  const fake = runtime(wholeText);
  const engine = new ExtensionEngine(fake, { worthSending: (text) => text !== 'skip' });
  const results = await engine.entities(['سامي', 'skip', 'بيروت'], { labels: ['PER'] });
  assert.deepEqual(fake.sent, [{ kind: 'entities', texts: ['سامي', 'بيروت'], labels: ['PER'] }]);
  assert.deepEqual(
    results.map((spans) => spans.map((s) => s.text)),
    [['سامي'], [], ['بيروت']],
  );
  assert.equal(engine.parallel, true);
});

test('entities: nothing worth sending sends nothing; a cancelled run resolves to null', async () => {
  const fake = runtime(wholeText);
  const engine = new ExtensionEngine(fake, { worthSending: () => false });
  assert.deepEqual(await engine.entities(['a', 'b']), [[], []]);
  assert.deepEqual(fake.sent, []);
  const all = new ExtensionEngine(fake);
  assert.equal(await all.entities(['سامي'], undefined, { cancelled: () => true }), null);
  assert.deepEqual(fake.sent, [{ kind: 'entities', texts: ['سامي'] }]);
});

test('entities: the breaks of the texts sent go with them, and only when there are some', async () => {
  const fake = runtime(wholeText);
  const engine = new ExtensionEngine(fake, { worthSending: (text) => text !== 'skip' });
  await engine.entities(['سامي', 'skip', 'بيروت'], { breaks: [[2], [1], []] });
  await engine.entities(['سامي'], { labels: undefined, breaks: [[]] });
  assert.deepEqual(fake.sent, [
    { kind: 'entities', texts: ['سامي', 'بيروت'], breaks: [[2], []] },
    { kind: 'entities', texts: ['سامي'] },
  ]);
});

test('a refusal or a missing answer rejects with an Error that says why', async () => {
  const refusing = new ExtensionEngine(runtime(() => ({ ok: false, error: 'addNames: unknown label NOPE' })));
  await assert.rejects(refusing.addNames([{ text: 'س', label: 'NOPE' }]), { name: 'Error', message: 'alam: addNames: unknown label NOPE' });
  const silent = new ExtensionEngine(runtime(() => undefined));
  await assert.rejects(silent.entities(['سامي']), { name: 'Error', message: "alam: no answer from the extension to 'entities'" });
  await assert.rejects(silent.find(['سامي'], 'سامي'), /find\(\) is not available through the extension engine/);
});

test('addNames and clearNames are the extension messages of the same names', async () => {
  const fake = runtime(() => ({ ok: true }));
  const engine = new ExtensionEngine(fake);
  await engine.addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
  await engine.clearNames();
  assert.deepEqual(fake.sent, [{ kind: 'addNames', names: [{ text: 'سامي الخطيب', label: 'PER' }] }, { kind: 'clearNames' }]);
});
