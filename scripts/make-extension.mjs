// Builds the browser extension (`make extension`):
//   target/extension/          the folder to load unpacked (chrome://extensions)
//   target/alam-extension.zip  the same files zipped, for a store upload
//
// Usage: node scripts/make-extension.mjs [OUT_DIR] [ZIP]
//
// From www/extension/ it copies the manifest (version taken from Cargo.toml),
// the popup and the service worker with the modules they import, bundles the
// content script and its imports (www/lib/*) into one classic script, copies
// the web wasm build (www/pkg/ from `make wasm`) into pkg/, and draws the icons.

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleClassic, moduleGraph } from './extension/bundle.mjs';
import { iconPng } from './extension/icon.mjs';
import { zip } from './extension/zip.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'www/extension');
const PKG = join(ROOT, 'www/pkg');
const ICON_SIZES = [16, 32, 48, 128];

const [outArg = 'target/extension', zipArg = 'target/alam-extension.zip'] = process.argv.slice(2);
const OUT = resolve(ROOT, outArg);
const ZIP = resolve(ROOT, zipArg);

/** The crate version from Cargo.toml, so the extension and the crate agree. */
function crateVersion() {
  const match = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'));
  if (!match) throw new Error('make-extension: no version in Cargo.toml');
  return match[1];
}

/** Writes `data` to `OUT/name`, creating folders. */
function emit(name, data) {
  const path = join(OUT, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Every file under `dir`, as paths relative to it with '/' separators, sorted. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort();
}

for (const file of ['alam.js', 'alam_bg.wasm']) {
  if (!existsSync(join(PKG, file))) {
    console.error(`make-extension: ${relative(ROOT, join(PKG, file))} is missing; run \`make wasm\` first`);
    process.exit(1);
  }
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const manifest = JSON.parse(readFileSync(join(SRC, 'manifest.json'), 'utf8'));
manifest.version = crateVersion();
emit('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);

// The worker and the popup are module pages: copy them with what they import.
// pkg/ is the wasm build, copied whole below.
const isPkg = (path) => path.startsWith(join(SRC, 'pkg') + sep);
const pages = [...moduleGraph(join(SRC, 'background.js'), isPkg), ...moduleGraph(join(SRC, 'popup.js'), isPkg)];
for (const { file } of pages) {
  if (!file.startsWith(SRC + sep)) throw new Error(`make-extension: ${file} is outside www/extension`);
  cpSync(file, join(OUT, relative(SRC, file)));
}
for (const file of ['popup.html', 'popup.css', 'content.css']) cpSync(join(SRC, file), join(OUT, file));

emit('content.js', bundleClassic(join(SRC, 'content.js')));
for (const file of ['alam.js', 'alam_bg.wasm']) cpSync(join(PKG, file), join(OUT, 'pkg', file));
for (const size of ICON_SIZES) emit(`icons/icon-${size}.png`, iconPng(size));

const entries = filesUnder(OUT).map((name) => ({ name, data: readFileSync(join(OUT, name)) }));
mkdirSync(dirname(ZIP), { recursive: true });
writeFileSync(ZIP, zip(entries));
console.log(`extension ${manifest.version}: ${relative(ROOT, OUT)}/ (${entries.length} files), ${relative(ROOT, ZIP)}`);
