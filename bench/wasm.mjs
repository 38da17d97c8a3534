// The wasm side of `make bench`: throughput of the Node build (target/pkg-node, built
// with the benchmark-only `benchRoundTrip`) on the generated texts, against the bare
// string round trip and an idiomatic JavaScript implementation of the same folds.
// Usage: node bench/wasm.mjs bench/data
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const alam = require('../target/pkg-node/alam.js');
const dir = process.argv[2] ?? 'bench/data';

/** The folds as a JavaScript developer would write them: NFKC, then regex replaces. */
function jsNormalize(s) {
  return s
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(/[\u200C-\u200F\u061C\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u00AD]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىی]/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/[کڪ]/g, 'ك')
    .replace(/[ہۀھە]/g, 'ه')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
    .replace(/٫/g, '.')
    .replace(/٬/g, ',');
}

/**
 * MB/s (UTF-8 input) of each function in `fns`, the fastest of several passes over
 * the paragraphs. The passes are interleaved, so that a slow moment of the machine
 * hits every function alike and the ratios stay fair.
 */
function mbPerS(paras, bytes, fns) {
  const best = fns.map(() => Infinity);
  let sink = 0;
  for (let round = 0; round < 9; round++) {
    fns.forEach((f, i) => {
      const start = performance.now();
      for (const p of paras) sink += f(p).length;
      best[i] = Math.min(best[i], performance.now() - start);
    });
  }
  if (sink < 0) console.log(sink);
  return best.map((ms) => bytes / 1e6 / (ms / 1000));
}

const fmt = (x) => x.toFixed(1).padStart(6);
console.log('wasm in Node, MB/s of UTF-8 input, ~2 KB paragraphs (best of 9 interleaved passes):');
for (const name of ['clean', 'noisy']) {
  const text = readFileSync(`${dir}/${name}.txt`, 'utf8');
  const paras = text.split('\n').filter(Boolean);
  const bytes = Buffer.byteLength(text);
  const [trip, norm, mapped, js] = mbPerS(paras, bytes, [
    (p) => alam.benchRoundTrip(p),
    (p) => alam.normalize(p),
    (p) => alam.normalizeMapped(p).starts,
    jsNormalize,
  ]);
  console.log(
    `  ${name}  round trip ${fmt(trip)}  normalize ${fmt(norm)}  normalizeMapped ${fmt(mapped)}  JS regex chain ${fmt(js)}`,
  );
  console.log(
    `         normalize/round trip ${(norm / trip).toFixed(2)}x (target >= 0.8x)   normalize/JS ${(norm / js).toFixed(2)}x (target >= 3x)`,
  );
}

// The recognizer: tokens per second over ~1 MB of paragraphs (the generated text
// joins ANERcorp tokens with spaces, so tokens are the whitespace-separated pieces).
{
  const paras = readFileSync(`${dir}/clean.txt`, 'utf8').split('\n').filter(Boolean).slice(0, 500);
  const tokens = paras.reduce((n, p) => n + p.split(/\s+/).filter(Boolean).length, 0);
  alam.entities(paras[0]); // decode the model first: a one-time cost, measured apart
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    for (const p of paras) alam.entities(p);
    best = Math.min(best, performance.now() - start);
  }
  const perS = tokens / (best / 1000);
  console.log(`wasm entities: ${(perS / 1000).toFixed(0)}k tokens/s (target >= 300k), ${paras.length} paragraphs, ${tokens} tokens`);
}

// Sizes: the model file and the web build's wasm (after wasm-opt), raw and compressed.
function sizes(label, path) {
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`${label}: ${kb(bytes.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
  return br;
}
sizes('model data/model.bin', new URL('../data/model.bin', import.meta.url));
const br = sizes('web wasm www/wasm/alam_bg.wasm (model and gazetteers inside)', new URL('../www/wasm/alam_bg.wasm', import.meta.url));
console.log(`  wasm + model brotli ${(br / 1024).toFixed(0)} KB (target <= 900 KB with model, clusters and lists, issue #11)`);
