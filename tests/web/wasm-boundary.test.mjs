// The wasm boundary under Node (`make wasm-node`): bad arguments are thrown
// as TypeError or RangeError with a message, before any work, and leave the
// module working; random strings (lone surrogates, astral characters, marks)
// never trap and every offset reads back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const alam = require('../../target/pkg-node/alam.js');

/** The longest text one call takes (src/wasm.rs MAX_TEXT_UNITS). */
const MAX_TEXT_UNITS = 2 ** 25;

const NOT_STRINGS = [123, {}, [], null, undefined, Symbol.iterator, () => 'x', new String('x')];
const NOT_OPTIONS = [[], () => ({}), new Date(), new Map(), 'labels', 7];

test('a text that is not a string is a TypeError, for every text function', () => {
  for (const bad of NOT_STRINGS) {
    if (bad instanceof String) continue; // a String object is no string either, checked below
    assert.throws(() => alam.normalize(bad), TypeError, `normalize(${String(bad)})`);
    assert.throws(() => alam.normalizeMapped(bad), TypeError);
    assert.throws(() => alam.entities(bad), TypeError);
    assert.throws(() => alam.find(bad, 'x'), TypeError);
    assert.throws(() => alam.find('x', bad), TypeError);
  }
  assert.throws(() => alam.entities(new String('محمد')), /text must be a string/);
  // The module still works.
  assert.equal(alam.normalize('أحمد'), 'احمد');
});

test('options that are not a plain object are a TypeError, not the defaults', () => {
  for (const bad of NOT_OPTIONS) {
    assert.throws(() => alam.normalize('x', bad), TypeError, `normalize options ${String(bad)}`);
    assert.throws(() => alam.normalizeMapped('x', bad), TypeError);
    assert.throws(() => alam.entities('x', bad), TypeError);
  }
  assert.equal(alam.normalize('أحمد', Object.create(null)), 'احمد');
  assert.throws(() => alam.entities('x', { breaks: 'no' }), /breaks/);
  assert.throws(() => alam.entities('x', { breaks: [-1] }), /breaks/);
});

test('a text longer than the limit is a RangeError before any work, and the module goes on', () => {
  const long = 'ا'.repeat(MAX_TEXT_UNITS + 1);
  for (const call of [() => alam.entities(long), () => alam.normalize(long), () => alam.normalizeMapped(long)]) {
    assert.throws(call, (e) => e instanceof RangeError && /at most 33554432/.test(e.message));
  }
  alam.addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
  assert.ok(alam.entities('قال سامي الخطيب').some((e) => e.text === 'سامي الخطيب'));
  alam.clearNames();
});

test('breaks given as an array or a Uint32Array keep touching names apart', () => {
  const names = ['محمد بن سلمان', 'محمد بن زايد', 'عبد الفتاح السيسي'];
  const text = names.join(' ');
  const breaks = [];
  let at = 0;
  for (const n of names) {
    breaks.push(at, at + n.length);
    at += n.length + 1;
  }
  for (const given of [breaks, Uint32Array.from(breaks)]) {
    for (const e of alam.entities(text, { breaks: given })) {
      assert.ok(!breaks.some((b) => e.start < b && b < e.end), `${e.text} spans a break`);
    }
  }
});

/** xorshift32: seeded, so a failure can be replayed. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const PIECES = [
  'محمد', ' بن ', 'سلمان', ' الرباط', 'بالرباط', 'وللمغرب', 'الأمم المتحدة', 'قال الرئيس ', '، ', '. ',
  '\u064e', '\u0651', 'ـ', 'أ', 'ى', 'ة', '\ufefb', '\ufdf2', '٣', '\u200f', '\u200c', '\u202b',
  '😀', '𝔸', '\ud800', '\udc00', '\udfff', 'a', ' ', '\n', '«', '»',
];

test('100,000 calls with random strings: no trap, every offset reads back', () => {
  const next = random(0x616c616d);
  for (let i = 0; i < 100_000; i++) {
    let text = '';
    const n = Math.floor(next() * 12);
    for (let k = 0; k < n; k++) text += PIECES[Math.floor(next() * PIECES.length)];
    const call = i % 4;
    if (call === 0) {
      for (const e of alam.entities(text)) {
        assert.ok(e.start < e.end && e.end <= text.length, `${JSON.stringify(text)}: ${JSON.stringify(e)}`);
        // An entity never starts or ends inside a surrogate pair.
        assert.equal(text.slice(e.start, e.end), e.text.replace(/\ufffd/g, (m, at) => text[e.start + at]));
      }
    } else if (call === 1) {
      const m = alam.normalizeMapped(text);
      assert.equal(m.starts.length, m.text.length);
      for (let u = 0; u < m.text.length; u++) assert.ok(m.starts[u] <= m.ends[u] && m.ends[u] <= text.length);
    } else if (call === 2) {
      for (const r of alam.find(text, PIECES[i % 10])) assert.ok(r.start < r.end && r.end <= text.length);
    } else {
      assert.equal(typeof alam.normalize(text), 'string');
    }
  }
});
