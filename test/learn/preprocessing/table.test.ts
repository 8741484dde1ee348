import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pp from '../../../src/learn/preprocessing/index.js';

const CSV = 'name,age,member,score\n"Lee, A",31,true,1.5\nKim,NA,false,\n"Quote ""Q""",7,TRUE,-2e3\n';

test('readTable: quoted fields, missing values, inferred types', () => {
  const t = pp.readTable(CSV);
  assert.deepEqual(t.columns, ['name', 'age', 'member', 'score']);
  assert.deepEqual(t.types, { name: 'string', age: 'number', member: 'bool', score: 'number' });
  assert.deepEqual(t.values.name, ['Lee, A', 'Kim', 'Quote "Q"']);
  assert.deepEqual(Array.from(t.values.age as Float64Array), [31, NaN, 7]);
  assert.deepEqual(Array.from(t.missing.score), [0, 1, 0]);
  assert.deepEqual(t.toTensor(['age', 'member', 'score']).toArray(), [[31, 1, 1.5], [NaN, 0, NaN], [7, 1, -2000]]);
  assert.equal(t.toTensor(['age']).dtype, 'float64');
  assert.throws(() => t.toTensor(), /column 'name' holds strings/);
  assert.throws(() => t.toTensor(['nope']), /no column 'nope'/);
});

test('readTable: dtypes override inference, custom delimiter and naValues, no header, a file path', () => {
  const t = pp.parseTable('1;x\n2;-\n', { header: false, delimiter: ';', naValues: ['-'], dtypes: { 0: 'string' } });
  assert.deepEqual(t.columns, ['0', '1']);
  assert.deepEqual(t.types, { 0: 'string', 1: 'string' });
  assert.deepEqual(Array.from(t.missing['1']), [0, 1]);
  const dir = mkdtempSync(join(tmpdir(), 'nabla-table-'));
  const path = join(dir, 't.csv');
  writeFileSync(path, CSV);
  assert.deepEqual(pp.readTable(path).types, pp.readTable(CSV).types);
  assert.throws(() => pp.parseTable('a,b\n1\n'), /row 2 has 1 fields, expected 2/);
  assert.throws(() => pp.parseTable('a\nx\n', { dtypes: { a: 'number' } }), /row 2, column 'a': "x" is not a number/);
  assert.throws(() => pp.parseTable('a\n1\n', { dtypes: { b: 'number' } }), /dtypes names column 'b'/);
});

test('hashedCrosses: equal pairs share a bucket; index and multi-hot outputs agree', () => {
  const grid = [[3, 7], [3, 8], [3, 7], [4, 7]];
  const idx = pp.hashedCrosses(grid, [[0, 1]], 1000, { names: ['lat', 'lon'] }).toArray() as number[][];
  assert.equal(idx[0][0], idx[2][0]);
  assert.equal(idx[0][0], pp.hashIndex('lat=3_X_lon=7', 1000).index);
  assert.notEqual(idx[0][0], idx[1][0]);
  const hot = pp.hashedCrosses(grid, [[0, 1], [1, 0]], 50, { output: 'multi-hot' }).toArray() as number[][];
  for (const row of hot) assert.equal(row.reduce((a, b) => a + b, 0), 2);
  assert.throws(() => pp.hashedCrosses(grid, [[0, 2]], 10), /out of range/);
});

test('embeddingSize: fastai rule min(50, round(1.6 n^0.56)) and the fourth-root rule', () => {
  assert.equal(pp.embeddingSize(2), 2); // 1.6 · 2^0.56 = 2.36
  assert.equal(pp.embeddingSize(10), 6); // 5.81
  assert.equal(pp.embeddingSize(1000), 50); // 76.9 capped
  assert.equal(pp.embeddingSize(1000, { maxSize: 600 }), 77);
  assert.equal(pp.embeddingSize(10000, { rule: 'fourth-root' }), 10);
  assert.throws(() => pp.embeddingSize(0), /positive integer/);
});

test('FeatureHasher: bad options are ValueErrors', () => {
  assert.throws(() => new pp.FeatureHasher({ nFeatures: 0 }).transform([{ a: 1 }]), /nFeatures/);
  assert.throws(() => new pp.FeatureHasher({ inputType: 'string' }).transform([{ a: 1 }]), /list of strings/);
});
