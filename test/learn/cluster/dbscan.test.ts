import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DBSCAN } from '../../../src/learn/cluster/index.js';
import { ValueError } from '../../../src/tensor/errors.js';
import { dataset, readFixture } from './fixture.js';

interface DBCase { data: string; eps: number; minSamples: number; metric: 'euclidean' | 'manhattan'; labels: number[]; core: number[] }
const fx = readFixture<{ dbscan: DBCase[]; wineScaled: number[][]; iris: number[][] }>('cluster');

for (const c of fx.dbscan) {
  test(`DBSCAN parity ${c.data} eps=${c.eps} minSamples=${c.minSamples} ${c.metric}`, () => {
    const db = new DBSCAN({ eps: c.eps, minSamples: c.minSamples, metric: c.metric }).fit(dataset(c.data, { wine: fx.wineScaled, iris: fx.iris }));
    assert.deepEqual(Array.from(db.labels!.dataSync()), c.labels);
    assert.deepEqual(Array.from(db.coreSampleIndices!.dataSync()), c.core);
  });
}

test('DBSCAN: the grid path (2-D, n > 256) equals all-pairs; noise is -1; errors; round-trip', () => {
  const X: number[][] = [];
  let s = 3;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < 400; i++) X.push(i % 2 ? [r() * 2, r() * 2] : [5 + r(), 5 + r() * 3]);
  X.push([50, 50]);
  const grid = new DBSCAN({ eps: 0.3, minSamples: 4 }).fit(X);
  const pairs = new DBSCAN({ eps: 0.3, minSamples: 4 }).fit(X.map((row) => [...row, 0, 0])); // p = 4: all pairs
  assert.deepEqual(Array.from(grid.labels!.dataSync()), Array.from(pairs.labels!.dataSync()));
  assert.equal(grid.labels!.dataSync()[400], -1);
  assert.throws(() => new DBSCAN({ eps: 0 }).fit(X), ValueError);
  const back = DBSCAN.fromJSON(JSON.parse(JSON.stringify(grid.toJSON())));
  assert.deepEqual(Array.from(back.labels!.dataSync()), Array.from(grid.labels!.dataSync()));
});
