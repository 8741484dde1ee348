// Runs the whole test suite once per backend: js always, native when the addon built.
// Exits non-zero if any run fails.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const files = testFiles('dist/test');
const { nativeAvailable } = await import('../dist/src/backend/index.js');
const native = nativeAvailable();
const backends = ['js'];
if (native.available) backends.push('native');
else if (process.env.CI) {
  // On CI the machine has a compiler, so a native build failure is a bug, not a fallback.
  console.error(`native backend did not load on CI: ${native.reason}`);
  process.exit(1);
} else console.log(`note: native backend did not load (${native.reason}); running the js backend only`);
if (process.env.NABLA_TEST_BACKENDS) backends.splice(0, backends.length, ...process.env.NABLA_TEST_BACKENDS.split(','));

let failed = false;
for (const b of backends) {
  console.log(`\n=== backend: ${b} (${files.length} test files) ===`);
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, NABLA_BACKEND: b },
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
