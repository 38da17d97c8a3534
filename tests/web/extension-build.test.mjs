// The extension build without a browser: the classic-script bundler, the zip
// writer, the icon encoder, and the manifest `make extension` writes.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { bundleClassic } from '../../scripts/extension/bundle.mjs';
import { iconPng } from '../../scripts/extension/icon.mjs';
import { zip } from '../../scripts/extension/zip.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'alam-extension-build-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes `files` ({relative path: source}) under a fresh folder; returns it. */
function writeModules(name, files) {
  const dir = join(scratch, name);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

/** The entries of a ZIP archive, read back through its central directory. */
function unzip(bytes) {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    const packed = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    out[name] = inflateRawSync(bytes.subarray(dataAt, dataAt + packed));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return out;
}

test('the bundler joins ES modules into one classic script that runs them in order', () => {
  const dir = writeModules('bundle', {
    'lib/a.js': `export const A = 'a';\nexport function twice(x) {\n  return x + x;\n}\n`,
    'lib/b.js': `import { A, twice as double } from './a.js';\nconst hidden = 1;\nexport { hidden as one };\nexport class B {\n  get value() { return double(A); }\n}\nexport default 42;\n`,
    'main/entry.js': `import answer, { B, one } from '../lib/b.js';\nimport * as a from '../lib/a.js';\nresult.push(new B().value, one, answer, a.A, typeof exports);\n`,
  });
  const script = bundleClassic(join(dir, 'main/entry.js'));
  const result = [];
  runInNewContext(script, { result });
  assert.deepEqual(result, ['aa', 1, 42, 'a', 'undefined']);
});

test('the bundler runs imported modules in import order, side-effect imports included', () => {
  const dir = writeModules('order', {
    'setup.js': `result.push('setup');\n`,
    'lib.js': `result.push('lib');\nexport const x = 1;\n`,
    'entry.js': `import './setup.js';\nimport {\n  x,\n} from './lib.js';\nresult.push('entry', x);\n`,
  });
  const result = [];
  runInNewContext(bundleClassic(join(dir, 'entry.js')), { result });
  assert.deepEqual(result, ['setup', 'lib', 'entry', 1]);
});

test('the bundler refuses syntax it does not understand, naming the file', () => {
  const star = writeModules('star', { 'entry.js': `export * from './x.js';\n`, 'x.js': '' });
  assert.throws(() => bundleClassic(join(star, 'entry.js')), /entry\.js: .*export \*/);
  const bare = writeModules('bare', { 'entry.js': `import { x } from 'some-package';\n` });
  assert.throws(() => bundleClassic(join(bare, 'entry.js')), /bare import 'some-package'/);
  const cycle = writeModules('cycle', {
    'entry.js': `import { b } from './b.js';\n`,
    'b.js': `import { e } from './entry.js';\nexport const b = 1;\n`,
  });
  assert.throws(() => bundleClassic(join(cycle, 'entry.js')), /import cycle/);
});

test('zip writes archives whose entries read back byte for byte', () => {
  const entries = [
    { name: 'manifest.json', data: Buffer.from('{"a": 1}\n') },
    { name: 'pkg/empty.bin', data: Buffer.alloc(0) },
    { name: 'نص.txt', data: Buffer.from('مرحبا'.repeat(100)) },
  ];
  const back = unzip(zip(entries));
  assert.deepEqual(Object.keys(back), entries.map((e) => e.name));
  for (const { name, data } of entries) assert.ok(back[name].equals(data), name);
  assert.ok(zip(entries).equals(zip(entries)), 'the same files give the same archive');
});

test('the icon is a square RGBA PNG, transparent in the corners and opaque in the middle', () => {
  const size = 32;
  const png = iconPng(size);
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
  assert.equal(png.readUInt32BE(16), size);
  assert.equal(png.readUInt32BE(20), size);
  const idatLength = png.readUInt32BE(33);
  const pixels = inflateSync(png.subarray(41, 41 + idatLength));
  const alpha = (x, y) => pixels[y * (1 + size * 4) + 1 + x * 4 + 3];
  assert.equal(alpha(0, 0), 0);
  assert.equal(alpha(size / 2, size / 2), 255);
});

test('make-extension writes a minimal manifest, every file it names, and the zip of the folder', () => {
  const out = join(scratch, 'built');
  const zipPath = join(scratch, 'built.zip');
  execFileSync(process.execPath, ['scripts/make-extension.mjs', out, zipPath], { cwd: REPO, stdio: 'pipe' });
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const crateVersion = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(REPO, 'Cargo.toml'), 'utf8'))[1];
  assert.equal(manifest.version, crateVersion);
  assert.deepEqual(manifest.permissions, ['storage']);
  assert.equal(manifest.host_permissions, undefined);
  assert.equal(manifest.web_accessible_resources, undefined, 'nothing is exposed to pages');
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'");

  const named = [
    manifest.background.service_worker,
    manifest.action.default_popup,
    ...manifest.content_scripts.flatMap((c) => [...c.js, ...c.css]),
    ...Object.values(manifest.icons),
    'wasm/alam.js',
    'wasm/alam_bg.wasm',
    'NOTICE.md',
  ];
  const archive = unzip(readFileSync(zipPath));
  for (const file of named) {
    assert.ok(archive[file]?.equals(readFileSync(join(out, file))), `${file} is built and zipped`);
  }
  // The content script is one classic script: no module syntax left at the top level.
  const content = readFileSync(join(out, 'content.js'), 'utf8');
  assert.doesNotMatch(content, /^\s*(import|export)\b/m);
});

test('make-extension also writes the Firefox build: an event page instead of a service worker, a gecko id, the same files', () => {
  const out = join(scratch, 'built');
  const chromiumManifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(`${out}-firefox`, 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.background, { scripts: ['background.js'], type: 'module' });
  assert.equal(manifest.browser_specific_settings.gecko.id, 'alam@alam.invalid');
  assert.equal(manifest.minimum_chrome_version, undefined);
  const { background: _a, browser_specific_settings: _b, ...rest } = manifest;
  const { background: _c, minimum_chrome_version: _d, ...chromiumRest } = chromiumManifest;
  assert.deepEqual(rest, chromiumRest, 'nothing else differs');
  const archive = unzip(readFileSync(join(scratch, 'built-firefox.zip')));
  const chromiumArchive = unzip(readFileSync(join(scratch, 'built.zip')));
  assert.deepEqual(Object.keys(archive).sort(), Object.keys(chromiumArchive).sort());
  assert.ok(archive['manifest.json'].equals(readFileSync(join(`${out}-firefox`, 'manifest.json'))));
  assert.ok(archive['content.js'].equals(chromiumArchive['content.js']));
});
