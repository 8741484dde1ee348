import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KMeans, MiniBatchKMeans } from '../../../src/learn/cluster/index.js';
import { NotFittedError, ShapeError } from '../../../src/tensor/errors.js';
import { dataset, readFixture } from './fixture.js';

interface MBCase { data: string; k: number; inertia: number; fullInertia: number }
const fx = readFixture<{ minibatch: MBCase[]; wineScaled: number[][]; iris: number[][] }>('cluster');

for (const c of fx.minibatch) {
  test(`MiniBatchKMeans ${c.data} k=${c.k}: inertia close to scikit-learn's MiniBatchKMeans and full KMeans`, () => {
    const X = dataset(c.data, { wine: fx.wineScaled, iris: fx.iris });
    const mb = new MiniBatchKMeans({ nClusters: c.k, batchSize: 64, randomState: 0 }).fit(X);
    // random algorithm: compare quality, not values (scikit-learn's own runs vary by a few percent across seeds)
    assert.ok(mb.inertia <= Math.max(c.inertia, c.fullInertia) * 1.05, `inertia ${mb.inertia} vs scikit-learn ${c.inertia} (full KMeans ${c.fullInertia})`);
    const km = new KMeans({ nClusters: c.k, randomState: 0 }).fit(X);
    assert.ok(mb.inertia >= km.inertia * 0.999);
  });
}

test('MiniBatchKMeans: deterministic under randomState; predict = labels; errors; round-trip', () => {
  const X = dataset('iris', { iris: fx.iris });
  const a = new MiniBatchKMeans({ nClusters: 3, randomState: 4 }).fit(X);
  const b = new MiniBatchKMeans({ nClusters: 3, randomState: 4 }).fit(X);
  assert.deepEqual(Array.from(a.clusterCenters!.dataSync()), Array.from(b.clusterCenters!.dataSync()));
  assert.deepEqual(Array.from(a.predict(X).dataSync()), Array.from(a.labels!.dataSync()));
  assert.throws(() => new MiniBatchKMeans().predict(X), NotFittedError);
  assert.throws(() => a.transform([[1, 2]]), ShapeError);
  const back = MiniBatchKMeans.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
  assert.deepEqual(Array.from(back.transform(X).dataSync()), Array.from(a.transform(X).dataSync()));
});
