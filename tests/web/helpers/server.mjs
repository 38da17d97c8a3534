// A static server for browser tests: serves the repository's www/ at /www/ and
// extra pages given as strings, on 127.0.0.1 with a free port, with optional
// headers per path (e.g. a Content-Security-Policy). Built on scripts/serve.mjs.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../../scripts/serve.mjs';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The module script every fixture page loads: exposes `window.alam` once init()
 * is done. `?worker` runs the wasm in Web Workers; `?worker&workers=N` in a pool of N.
 */
export const FIXTURE_JS = `import * as alam from '/www/alam.js';
const params = new URLSearchParams(location.search);
window.alam = alam;
const options = { worker: params.has('worker') };
if (params.has('workers')) options.workers = Number(params.get('workers'));
alam.init(options).then(
  () => { window.alamReady = true; },
  (error) => { window.alamError = String(error); },
);
`;

/** A plain RTL page that loads FIXTURE_JS. */
export const FIXTURE_HTML = `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>alam fixture</title>
<link rel="stylesheet" href="/www/alam.css">
<script type="module" src="/fixture.js"></script></head>
<body><main id="root"></main></body></html>
`;

/**
 * Starts a server. `pages` maps a path ('/x.html') to its content; the fixture
 * page and script are always present at /fixture.html and /fixture.js.
 * `links` maps a top-level name to a repository folder served under it (www/
 * is always at /www/). `headersFor(path)` adds response headers.
 * @param {{pages?: Record<string, string>, links?: Record<string, string>,
 *   headersFor?: (path: string) => Record<string, string>}} [options]
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer({ pages = {}, links = {}, headersFor = () => ({}) } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'alam-web-'));
  for (const [name, folder] of Object.entries({ www: 'www', ...links })) {
    await symlink(join(REPO, folder), join(dir, name));
  }
  const all = { '/fixture.html': FIXTURE_HTML, '/fixture.js': FIXTURE_JS, '/favicon.ico': '', ...pages };
  for (const [path, content] of Object.entries(all)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  const server = await serve(dir, 0, headersFor);
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      await new Promise((done) => server.close(done));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
