// The normalizer through the wasm build under Node (`make wasm-node` builds it):
// the same per-fold cases as the Rust tests, the offset map and option errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const alam = require('../../target/pkg-node/alam.js');
const cases = JSON.parse(readFileSync(new URL('../data/normalize-cases.json', import.meta.url)));
const FOLDS = Object.keys(cases.folds);

/** Options with only `fold` switched on. */
const only = (fold) => Object.fromEntries(FOLDS.map((f) => [f, f === fold]));

test('every fold case holds through the wasm build', () => {
  for (const [fold, rows] of Object.entries(cases.folds)) {
    for (const [input, alone, full] of rows) {
      assert.equal(alam.normalize(input, only(fold)), alone, `${fold}: ${input} alone`);
      assert.equal(alam.normalize(input), full, `${fold}: ${input} by default`);
      assert.equal(alam.normalizeMapped(input).text, full, `${fold}: ${input} mapped`);
    }
  }
});

test('the map sends each normalized unit back to its original characters', () => {
  const text = '\u200Fقال مُحَمَّدٌ في ﻻ 🙂 ٣';
  const { text: out, starts, ends, folds } = alam.normalizeMapped(text);
  assert.equal(out, 'قال محمد في لا 🙂 3');
  assert.equal(starts.length, out.length);
  assert.ok(starts instanceof Uint32Array && ends instanceof Uint32Array);
  const at = out.indexOf('محمد');
  assert.equal(text.slice(starts[at], ends[at + 3]), 'مُحَمَّدٌ');
  const la = out.indexOf('لا');
  assert.equal(text.slice(starts[la], ends[la + 1]), 'ﻻ');
  const emoji = out.indexOf('🙂');
  assert.equal(text.slice(starts[emoji], ends[emoji + 1]), '🙂');
  assert.deepEqual(
    { diacritics: folds.diacritics, presentationForms: folds.presentationForms, digits: folds.digits, invisibles: folds.invisibles, alef: folds.alef },
    { diacritics: 5, presentationForms: 1, digits: 1, invisibles: 1, alef: 0 },
  );
});

test('bad options throw a TypeError naming the key', () => {
  assert.throws(() => alam.normalize('x', { alif: true }), (e) => e instanceof TypeError && /`alif`/.test(e.message));
  assert.throws(() => alam.normalize('x', { alef: 'yes' }), (e) => e instanceof TypeError && /`alef` must be a boolean/.test(e.message));
  assert.throws(() => alam.normalize('x', 42), TypeError);
  assert.equal(alam.normalize('أ', null), 'ا');
});
