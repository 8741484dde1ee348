import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.js';
import { writeFileAtomic, saveSafetensors, loadSafetensors } from '../../src/io/index.js';

const fresh = () => fs.mkdtempSync(join(tmpdir(), 'nabla-atomic-'));

test('writeFileAtomic writes bytes and strings, replacing the old file and keeping its mode', () => {
  const dir = fresh();
  const p = join(dir, 'a.txt');
  writeFileAtomic(p, 'first');
  fs.chmodSync(p, 0o640);
  writeFileAtomic(p, new Uint8Array([104, 105]));
  assert.equal(fs.readFileSync(p, 'utf8'), 'hi');
  assert.equal(fs.statSync(p).mode & 0o777, 0o640);
  assert.deepEqual(fs.readdirSync(dir), ['a.txt']); // no temporary file left behind
});

test('a save interrupted before the rename leaves the last good file and no temporary file', () => {
  const dir = fresh();
  const p = join(dir, 'model.safetensors');
  saveSafetensors(p, { w: nb.tensor([1, 2, 3]) });
  for (const step of ['writeSync', 'fsyncSync', 'renameSync'] as const) {
    const m = mock.method(fs, step, () => { throw new Error(`simulated crash in ${step}`); });
    try {
      assert.throws(() => saveSafetensors(p, { w: nb.tensor([9, 9, 9, 9]) }), new RegExp(`simulated crash in ${step}`));
    } finally {
      m.mock.restore();
    }
    assert.deepEqual(loadSafetensors(p).w.toArray(), [1, 2, 3], step);
    assert.deepEqual(fs.readdirSync(dir), ['model.safetensors'], step);
  }
  saveSafetensors(p, { w: nb.tensor([4, 5]) });
  assert.deepEqual(loadSafetensors(p).w.toArray(), [4, 5]);
});

test('writeFileAtomic does not draw from the seeded generator', () => {
  const dir = fresh();
  nb.manualSeed(3);
  const a = nb.rand([3]).toArray();
  nb.manualSeed(3);
  writeFileAtomic(join(dir, 'x'), 'x');
  assert.deepEqual(nb.rand([3]).toArray(), a);
});
