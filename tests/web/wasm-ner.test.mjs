// The recognizer through the wasm build under Node (`make wasm-node` builds it):
// entities with UTF-16 offsets, label filtering, user names and find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const alam = require('../../target/pkg-node/alam.js');

// A short news paragraph written for this test (not taken from any site).
const NEWS =
  'أعلنت وزارة الخارجية المغربية أن الوزير ناصر بوريطة سيزور القاهرة الأسبوع المقبل ' +
  'بدعوة من الرئيس المصري عبد الفتاح السيسي. وقال بوريطة في تصريح صحفي إن المغرب ومصر ' +
  'سيوقعان اتفاقات، فيما يلتقي وفد من البنك الدولي بالمسؤولين بالرباط.';

/** The UTF-16 span of the `nth` occurrence of `needle` in `text`. */
function span(text, needle, nth = 0) {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} occurs ${nth + 1} times`);
  return [at, at + needle.length];
}

test('entities come with original UTF-16 offsets, clean spans and keys', () => {
  const found = alam.entities(NEWS);
  for (const e of found) {
    assert.deepEqual(Object.keys(e).sort(), ['end', 'key', 'label', 'score', 'start', 'text']);
    assert.equal(NEWS.slice(e.start, e.end), e.text);
    assert.ok(e.score >= 0 && e.score <= 1);
  }
  for (let i = 1; i < found.length; i++) assert.ok(found[i - 1].end <= found[i].start);
  const at = (needle, nth) => {
    const [start, end] = span(NEWS, needle, nth);
    return found.find((e) => e.start === start && e.end === end);
  };
  assert.equal(at('ناصر بوريطة')?.label, 'PER');
  assert.equal(at('القاهرة')?.label, 'LOC');
  assert.equal(at('عبد الفتاح السيسي')?.label, 'PER');
  // ومصر and بالرباط: the particles stay out of the span.
  assert.equal(at('مصر', 1)?.label, 'LOC');
  const rabat = at('الرباط');
  assert.deepEqual([rabat?.label, rabat?.key], ['LOC', 'الرباط']);
});

test('options.labels filters, and bad options throw', () => {
  const persons = alam.entities(NEWS, { labels: ['PER'] });
  assert.ok(persons.length > 0);
  assert.ok(persons.every((e) => e.label === 'PER'));
  assert.throws(() => alam.entities(NEWS, { labels: ['CITY'] }), /unknown label `CITY`/);
  assert.throws(() => alam.entities(NEWS, { labels: 'PER' }), TypeError);
  assert.throws(() => alam.entities(NEWS, 3), TypeError);
});

test('addNames wins over the model, clearNames removes the names', () => {
  const text = 'وقالت شركة النخيل الذهبية إن مديرها أَحْمَد الزِّين سيزور بالرباط.';
  alam.addNames([
    { text: 'شركة النخيل الذهبيه', label: 'ORG' },
    { text: 'احمد الزين', label: 'PER' },
    { text: 'الرباط', label: 'MISC' },
  ]);
  try {
    const found = alam.entities(text);
    const get = (needle) => {
      const [start, end] = span(text, needle);
      return found.find((e) => e.start === start && e.end === end);
    };
    assert.deepEqual([get('شركة النخيل الذهبية')?.label, get('شركة النخيل الذهبية')?.score], ['ORG', 1]);
    assert.equal(get('أَحْمَد الزِّين')?.label, 'PER');
    assert.equal(get('الرباط')?.label, 'MISC');
    assert.throws(() => alam.addNames([{ text: 'طنجة', label: 'CITY' }]), /unknown label `CITY`/);
    assert.throws(() => alam.addNames([{ text: 'طنجة' }]), TypeError);
    assert.throws(() => alam.addNames('طنجة'), TypeError);
  } finally {
    alam.clearNames();
  }
  const rabat = alam.entities(text).find((e) => e.key === 'الرباط');
  assert.notEqual(rabat?.label, 'MISC');
});

test('find is insensitive to diacritics, letter variants and proclitics', () => {
  const text = 'قال مُحَمَّدٌ إن ومحمد سافر إلى الإسكندرية وللإسكندرية';
  const spans = (q) => alam.find(text, q).map((r) => [r.start, r.end]);
  assert.deepEqual(spans('محمد'), [span(text, 'مُحَمَّدٌ'), span(text, 'محمد')]);
  assert.deepEqual(spans('الاسكندريه'), [span(text, 'الإسكندرية'), span(text, 'لإسكندرية', 1)]);
  assert.deepEqual(alam.find(text, ''), []);
});
