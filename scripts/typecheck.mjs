// Type-checks the JS of www/ from its JSDoc (`make lint`): runs
// `tsc -p www` (www/tsconfig.json: checkJs over alam.js, worker.js, lib/,
// extension/), prints every error it finds and fails on any.
//
// Usage: node scripts/typecheck.mjs   (needs `npm ci` and www/wasm/ from `make wasm`)

import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');

const run = spawnSync(TSC, ['-p', 'www', '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
if (run.error) {
  console.error(`typecheck: cannot run ${TSC} (${run.error.message}); run \`npm ci\``);
  process.exit(1);
}
const output = `${run.stdout}${run.stderr}`.trim();
if (output) console.log(output);
if (run.status !== 0) {
  const errors = output.match(/^[^\s(]+\(\d+,\d+\): error TS\d+/gm)?.length ?? 0;
  console.error(`typecheck: ${errors} type error(s) in www/ (tsc exit ${run.status})`);
  process.exit(1);
}
console.log('typecheck: www/ passes');
