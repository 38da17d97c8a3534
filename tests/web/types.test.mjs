// The hand-written TypeScript declarations (www/alam.d.ts) compile and describe
// real use: tsc type-checks tests/web/helpers/usage.ts against them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './helpers/server.mjs';

const TSC = join(REPO, 'node_modules', '.bin', 'tsc');

test('www/alam.d.ts type-checks a typical embed and rejects misuse', { skip: !existsSync(TSC) && 'typescript is not installed (npm ci)' }, () => {
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--lib', 'es2022,dom', '--skipLibCheck', 'false', join(REPO, 'tests/web/helpers/usage.ts')];
  try {
    execFileSync(TSC, args, { cwd: REPO, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
  }
});
