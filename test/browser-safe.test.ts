import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The library must load in a browser: no compiled module outside the CLI may import a Node
// built-in statically (file access goes through src/io/node.ts at call time).
const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'cli' ? [] : jsFiles(p);
    return name.endsWith('.js') ? [p] : [];
  });
}

test('no compiled library module imports a Node built-in statically', () => {
  const files = jsFiles(srcDir);
  assert.ok(files.length > 50, `expected the compiled library under ${srcDir}, found ${files.length} files`);
  const offenders = files.filter((f) => /^\s*import\b[^;]*from\s+['"](node:|fs['"]|path['"]|zlib['"]|url['"])/m.test(readFileSync(f, 'utf8')) || /\brequire\(/.test(readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => relative(srcDir, f)), []);
});
