// Generates the benchmark texts from ANERcorp (needs ../shared): ~10 MB of Arabic news
// text (`clean.txt`, one paragraph a line) and the same text with noise injected
// (`noisy.txt`: diacritics, tatweel, alef variants, presentation forms,
// Arabic-Indic digits, invisibles). Deterministic (fixed seed); skips files that exist.
// Usage: node scripts/make-bench-data.mjs TRAIN.txt OUT_DIR [MB]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [train, outDir, mb = '10'] = process.argv.slice(2);
if (!train || !outDir) {
  console.error('usage: node scripts/make-bench-data.mjs TRAIN.txt OUT_DIR [MB]');
  process.exit(2);
}
const clean = join(outDir, 'clean.txt');
const noisy = join(outDir, 'noisy.txt');
if (existsSync(clean) && existsSync(noisy)) process.exit(0);
if (!existsSync(train)) {
  console.error(`bench data: ${train} not found (the benchmark needs ../shared)`);
  process.exit(2);
}

/** Sentences of the CoNLL file as space-joined token strings. */
function sentences(path) {
  const out = [];
  let words = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const token = line.split('\t')[0];
    if (token) words.push(token);
    else if (words.length) (out.push(words.join(' ')), (words = []));
  }
  if (words.length) out.push(words.join(' '));
  return out;
}

/** Paragraphs of about 2,000 characters, repeated until `bytes` is reached. */
function paragraphs(sents, bytes) {
  const out = [];
  let size = 0;
  let para = [];
  for (let i = 0; size < bytes; i = (i + 1) % sents.length) {
    para.push(sents[i]);
    if (para.join(' ').length > 2000) {
      const p = para.join(' ');
      out.push(p);
      size += Buffer.byteLength(p) + 1;
      para = [];
    }
  }
  return out;
}

// A small seeded generator (mulberry32), so the noisy text is the same every run.
let seed = 20261129;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (s) => s[Math.floor(random() * s.length)];

const MARKS = '\u064E\u064F\u0650\u0651\u0652\u064B\u064C\u064D';
const INVISIBLES = '\u200F\u200E\u200C\u200D\u061C\u2067\u2069\uFEFF';
const ALEFS = 'أإآ';
const FORMS = { 'ل': 'ﻟ', 'ا': 'ﺍ', 'ه': 'ﻫ', 'م': 'ﻣ', 'ن': 'ﻧ', 'ب': 'ﺑ', 'ي': 'ﻳ' };

/** The text with noise injected at roughly one change in four characters. */
function addNoise(text) {
  let out = '';
  for (const c of text) {
    const arabic = c >= '\u0621' && c <= '\u064A';
    let x = c;
    if (c >= '0' && c <= '9') x = String.fromCharCode(0x660 + Number(c));
    else if (arabic && c === 'ا' && random() < 0.3) x = pick(ALEFS);
    else if (arabic && FORMS[c] && random() < 0.05) x = FORMS[c];
    out += x;
    if (arabic) {
      const r = random();
      if (r < 0.2) out += pick(MARKS);
      else if (r < 0.22) out += '\u0640';
    } else if (c === ' ' && random() < 0.05) out += pick(INVISIBLES);
  }
  return out;
}

mkdirSync(outDir, { recursive: true });
const paras = paragraphs(sentences(train), Number(mb) * 1e6);
writeFileSync(clean, paras.join('\n') + '\n');
writeFileSync(noisy, paras.map(addNoise).join('\n') + '\n');
console.log(`bench data: ${paras.length} paragraphs in ${clean} and ${noisy}`);
