// Builds the browser extension (`make extension`), for Chromium and for Firefox:
//   target/extension/                  the Chromium folder to load unpacked (chrome://extensions)
//   target/alam-extension.zip          the same files zipped, for a store upload
//   target/extension-firefox/          the Firefox folder (about:debugging, or webExtension.install)
//   target/alam-extension-firefox.zip  the same files zipped, for addons.mozilla.org
//
// Usage: node scripts/make-extension.mjs [OUT_DIR] [ZIP]
// (the Firefox build goes to OUT_DIR-firefox and ZIP's name with -firefox before .zip).
//
// From www/extension/ it copies the manifest (version taken from Cargo.toml),
// the popup and the service worker with the modules they import, bundles the
// content script and its imports (www/lib/*) into one classic script, copies
// the web wasm build (www/wasm/ from `make wasm`) into wasm/, and draws the icons.
// The two builds differ only in their manifest (firefoxManifest below).

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleClassic, moduleGraph } from './extension/bundle.mjs';
import { iconPng } from './extension/icon.mjs';
import { zip } from './extension/zip.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'www/extension');
const WASM = join(ROOT, 'www/wasm');
const ICON_SIZES = [16, 32, 48, 128];

const [outArg = 'target/extension', zipArg = 'target/alam-extension.zip'] = process.argv.slice(2);
const OUT = resolve(ROOT, outArg);
const ZIP = resolve(ROOT, zipArg);
/** The Firefox add-on id (browser_specific_settings.gecko.id): storage lives under it. */
const GECKO_ID = 'alam@alam.invalid';
/** The first Firefox with the CSS Custom Highlight API, which the content script paints with. */
const FIREFOX_MIN_VERSION = '140.0';

/** The crate version from Cargo.toml, so the extension and the crate agree. */
function crateVersion() {
  const match = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'));
  if (!match) throw new Error('make-extension: no version in Cargo.toml');
  return match[1];
}

/** Every file under `dir`, as paths relative to it with '/' separators, sorted. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort();
}

for (const file of ['alam.js', 'alam_bg.wasm']) {
  if (!existsSync(join(WASM, file))) {
    console.error(`make-extension: ${relative(ROOT, join(WASM, file))} is missing; run \`make wasm\` first`);
    process.exit(1);
  }
}

/**
 * The Chromium manifest turned into Firefox's: Firefox runs the background as
 * an event page (`background.scripts`), not a service worker, wants an add-on
 * id, and ignores `minimum_chrome_version`.
 */
function firefoxManifest(manifest) {
  const { minimum_chrome_version: _, background, ...rest } = manifest;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: background.type },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] }, // nothing leaves the browser
      },
    },
  };
}

/** Writes the extension with `manifest` into `out`, and its zip to `zipPath`; returns the file count. */
function build(manifest, out, zipPath) {
  const emit = (name, data) => {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  };
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  emit('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);

  // The worker and the popup are module pages: copy them with what they import.
  // wasm/ is the wasm build, copied whole below.
  const isWasm = (path) => path.startsWith(join(SRC, 'wasm') + sep);
  const pages = [...moduleGraph(join(SRC, 'background.js'), isWasm), ...moduleGraph(join(SRC, 'popup.js'), isWasm)];
  for (const { file } of pages) {
    if (!file.startsWith(SRC + sep)) throw new Error(`make-extension: ${file} is outside www/extension`);
    cpSync(file, join(out, relative(SRC, file)));
  }
  for (const file of ['popup.html', 'popup.css', 'content.css']) cpSync(join(SRC, file), join(out, file));

  emit('content.js', bundleClassic(join(SRC, 'content.js')));
  for (const file of ['alam.js', 'alam_bg.wasm']) cpSync(join(WASM, file), join(out, 'wasm', file));
  for (const size of ICON_SIZES) emit(`icons/icon-${size}.png`, iconPng(size));
  // The licences and attributions of the data inside the wasm.
  cpSync(join(ROOT, 'data/NOTICE.md'), join(out, 'NOTICE.md'));

  const entries = filesUnder(out).map((name) => ({ name, data: readFileSync(join(out, name)) }));
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zip(entries));
  return entries.length;
}

const manifest = JSON.parse(readFileSync(join(SRC, 'manifest.json'), 'utf8'));
manifest.version = crateVersion();
const firefoxOut = `${OUT}-firefox`;
const firefoxZip = ZIP.replace(/(\.zip)?$/, '-firefox.zip');
const files = build(manifest, OUT, ZIP);
build(firefoxManifest(manifest), firefoxOut, firefoxZip);
console.log(
  `extension ${manifest.version}: ${relative(ROOT, OUT)}/ (${files} files), ${relative(ROOT, ZIP)}; ` +
    `Firefox: ${relative(ROOT, firefoxOut)}/, ${relative(ROOT, firefoxZip)}`,
);
