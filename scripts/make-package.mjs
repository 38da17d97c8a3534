// Builds the publishable npm package folder pkg/ from www/ and the wasm-bindgen
// output in www/pkg/ (run by `make wasm`, after wasm-bindgen and wasm-opt).
//
//   pkg/package.json   name "alam", version from Cargo.toml, ES module exports
//   pkg/alam.js        the front end (import { init, highlight } from 'alam')
//   pkg/alam.d.ts      its hand-written types
//   pkg/alam.css       the colours
//   pkg/worker.js      the optional Web Worker
//   pkg/lib/*.js       collection, location, painters, engines
//   pkg/wasm/          the wasm-bindgen glue, its .d.ts and the .wasm
//
// www/ imports the glue from ./pkg/alam.js; in the package it lives in ./wasm/,
// so that one import specifier is rewritten (and the rewrite is checked).
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const www = join(repo, 'www');
const out = join(repo, 'pkg');

/** The [package] version in Cargo.toml. */
async function crateVersion() {
  const toml = await readFile(join(repo, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[/m).find((s) => s.startsWith('package]'));
  const version = section?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) throw new Error('make-package: no [package] version in Cargo.toml');
  return version;
}

/** Copies a module, pointing its glue import at ./wasm/ instead of ./pkg/. */
async function copyWithGluePath(name) {
  const source = await readFile(join(www, name), 'utf8');
  const from = "from './pkg/alam.js'";
  const count = source.split(from).length - 1;
  if (count !== 1) throw new Error(`make-package: expected one \`${from}\` in www/${name}, found ${count}`);
  // alam.js also loads a fresh copy of the glue after a wasm trap: `./pkg/alam.js?instance=N`.
  await writeFile(join(out, name), source.replace(from, "from './wasm/alam.js'").replaceAll('./pkg/alam.js?', './wasm/alam.js?'));
}

const version = await crateVersion();
for (const file of ['alam.js', 'alam_bg.wasm', 'alam.d.ts']) {
  await readFile(join(www, 'pkg', file)).catch(() => {
    throw new Error(`make-package: www/pkg/${file} is missing; run wasm-bindgen first (make wasm)`);
  });
}

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'lib'), { recursive: true });
await mkdir(join(out, 'wasm'), { recursive: true });

await copyWithGluePath('alam.js');
await copyWithGluePath('worker.js');
for (const file of ['alam.css', 'alam.d.ts']) await cp(join(www, file), join(out, file));
for (const file of await readdir(join(www, 'lib'))) {
  if (file.endsWith('.js')) await cp(join(www, 'lib', file), join(out, 'lib', file));
}
for (const file of await readdir(join(www, 'pkg'))) {
  if (/\.(js|wasm|d\.ts)$/.test(file)) await cp(join(www, 'pkg', file), join(out, 'wasm', file));
}
await cp(join(repo, 'LICENSE'), join(out, 'LICENSE')).catch(() => {});

const manifest = {
  name: 'alam',
  version,
  description: 'Arabic named entities and diacritic-insensitive find-in-page for web pages, in WebAssembly',
  license: 'MIT',
  type: 'module',
  main: './alam.js',
  types: './alam.d.ts',
  exports: {
    '.': { types: './alam.d.ts', default: './alam.js' },
    './alam.css': './alam.css',
    './worker.js': './worker.js',
    './lib/*': './lib/*',
    './wasm/*': './wasm/*',
    './package.json': './package.json',
  },
  files: ['alam.js', 'alam.d.ts', 'alam.css', 'worker.js', 'lib/', 'wasm/', 'README.md', 'LICENSE'],
  sideEffects: ['./alam.css'],
  keywords: ['arabic', 'ner', 'named-entity-recognition', 'highlight', 'find', 'wasm'],
};
await writeFile(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

await writeFile(
  join(out, 'README.md'),
  `# alam ${version}

Arabic named entities (people, places, organisations) highlighted in web pages,
and find-in-page that ignores diacritics, letter variants and attached clitics.
Everything runs in the browser in WebAssembly.

\`\`\`html
<link rel="stylesheet" href="node_modules/alam/alam.css">
<script type="module">
  import { init, highlight } from 'alam';
  await init();
  highlight(document.querySelector('article'));
</script>
\`\`\`

\`highlight(root, {labels, mode, exclude, observe, names, classPrefix})\` returns a
Highlighter (\`entities\`, \`setVisible(label, on)\`, \`refresh()\`, \`clear()\`, \`done\`).
\`find(root, query)\` paints the matches of a query. Types: \`alam.d.ts\`.
A page with \`Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'\` works.
`,
);
console.log(`pkg/: alam ${version}`);
