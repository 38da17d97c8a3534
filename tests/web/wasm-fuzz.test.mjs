// The wasm boundary under random input (issue #12), in Node (`make wasm-node`
// builds it): 100,000 calls on seeded random strings, lone surrogates and
// astral characters included. No call may trap, every offset must be exact, and
// arguments of the wrong type or size must be TypeErrors or RangeErrors, after
// which the module still works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { seededRandom } from './helpers/article.mjs';

const require = createRequire(import.meta.url);
const alam = require('../../target/pkg-node/alam.js');

const CALLS = 100_000;

/** Pieces random strings are made of: Arabic words, marks, invisibles, surrogates, ASCII. */
const PIECES = [
  'محمد', 'مُحَمَّدٌ', 'بالرباط', 'والمغرب', 'سامي الخطيب', 'بيروت', 'ﻻ', 'ﷲ', '٣٤٥', 'ـ', ' ', ' ', '،', '.', '\n',
  '\u200c', '\u200f', '\u202b', '\ufeff', 'a', 'Z9', '\ud83d\ude00', '\ud800', '\udfff', '\ud83d', '\u0000', '\ufffd', 'ة', 'ى',
];

/** A random string of up to `max` pieces. */
function randomText(random, max) {
  const n = Math.floor(random() * max);
  let text = '';
  for (let i = 0; i < n; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

/** The text as the wasm sees it: every lone surrogate replaced by U+FFFD (one unit for one). */
function wellFormed(text) {
  return text.toWellFormed();
}

test(`${CALLS.toLocaleString('en')} random calls: no trap, offsets exact`, () => {
  const random = seededRandom(12);
  const calls = [
    (text) => {
      const found = alam.entities(text);
      let end = 0;
      for (const e of found) {
        assert.ok(Number.isInteger(e.start) && e.start >= end && e.end > e.start && e.end <= text.length, `span ${e.start}..${e.end}`);
        assert.equal(e.text, wellFormed(text).slice(e.start, e.end));
        end = e.end;
      }
    },
    (text) => {
      const mapped = alam.normalizeMapped(text);
      assert.equal(mapped.starts.length, mapped.text.length);
      for (let i = 0; i < mapped.starts.length; i++) {
        assert.ok(mapped.starts[i] < mapped.ends[i] && mapped.ends[i] <= text.length, `unit ${i}`);
        if (i > 0) assert.ok(mapped.starts[i] >= mapped.starts[i - 1]);
      }
      assert.equal(alam.normalize(text), mapped.text);
    },
    (text) => {
      const query = randomText(random, 3);
      for (const r of alam.find(text, query)) assert.ok(r.start < r.end && r.end <= text.length);
    },
  ];
  for (let i = 0; i < CALLS; i++) {
    const text = randomText(random, 40);
    try {
      calls[i % calls.length](text);
    } catch (error) {
      assert.fail(`call ${i} (${['entities', 'normalizeMapped', 'find'][i % 3]}) on ${JSON.stringify(text)}: ${error.stack}`);
    }
  }
});

test('wrong types are TypeErrors, too long a text a RangeError before any work, and the module still works', () => {
  const wrong = [123, {}, null, undefined, [], ['x'], () => 'x', new String('x'), Symbol('x')];
  for (const value of wrong) {
    for (const call of [alam.normalize, alam.normalizeMapped, alam.entities]) {
      assert.throws(() => call(value), TypeError, `${call.name}(${String(value)})`);
    }
    assert.throws(() => alam.find(value, 'x'), TypeError);
    assert.throws(() => alam.find('x', value), TypeError);
  }
  for (const options of [[], () => {}, 'x', 3]) {
    assert.throws(() => alam.normalize('x', options), TypeError);
    assert.throws(() => alam.entities('x', options), TypeError);
  }
  const tooLong = 'ب'.repeat(2 ** 25 + 1);
  for (const call of [alam.normalize, alam.normalizeMapped, alam.entities]) {
    assert.throws(() => call(tooLong), (error) => error instanceof RangeError && /at most 33554432/.test(error.message));
  }
  assert.throws(() => alam.find(tooLong, 'ب'), RangeError);
  assert.throws(() => alam.find('ب', tooLong), RangeError);
  // Still whole: names can be added and cleared, entities found.
  alam.addNames([{ text: 'سامي الخطيب', label: 'PER' }]);
  assert.deepEqual(
    alam.entities('قال سامي الخطيب').map((e) => [e.text, e.label]),
    [['سامي الخطيب', 'PER']],
  );
  alam.clearNames();
  assert.equal(alam.normalize('مُحَمَّد'), 'محمد');
});
