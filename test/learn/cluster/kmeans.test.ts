import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KMeans } from '../../../src/learn/cluster/index.js';
import { NotFittedError, ShapeError, ValueError } from '../../../src/tensor/errors.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { dataset, maxDiff, readFixture } from './fixture.js';

interface KMCase { data: string; k: number; initRows: number[]; algorithm: 'lloyd' | 'elkan'; centers: number[][]; labels: number[]; inertia: number; nIter: number; transform: number[][]; score: number }
const fx = readFixture<{ kmeans: KMCase[]; wineScaled: number[][]; iris: number[][] }>('cluster');

for (const c of fx.kmeans) {
  test(`KMeans parity ${c.data} k=${c.k} ${c.algorithm} from given centres`, () => {
    const X = dataset(c.data, { wine: fx.wineScaled, iris: fx.iris });
    const xs = X.dataSync() as Float64Array, p = X.shape[1];
    const init = c.initRows.map((r) => Array.from(xs.subarray(r * p, r * p + p)));
    const km = new KMeans({ nClusters: c.k, init, algorithm: c.algorithm }).fit(X);
    assert.ok(maxDiff(km.clusterCenters!.dataSync(), c.centers.flat()) < 1e-6, 'centres');
    assert.deepEqual(Array.from(km.labels!.dataSync()), c.labels);
    assert.ok(Math.abs(km.inertia - c.inertia) < 1e-6 * Math.max(1, c.inertia), `inertia ${km.inertia} vs ${c.inertia}`);
    assert.equal(km.nIter, c.nIter);
    const first5 = new Tensor(xs.slice(0, 5 * p), [5, p], 'float64');
    assert.ok(maxDiff(km.transform(first5).dataSync(), c.transform.flat()) < 1e-6, 'transform');
    assert.ok(Math.abs(km.score(X) - c.score) < 1e-6 * Math.max(1, Math.abs(c.score)));
    assert.deepEqual(Array.from(km.predict(X).dataSync()), c.labels);
  });
}

function blobs(): number[][] {
  const out: number[][] = [];
  const centres = [[0, 0], [10, 10], [-10, 8]];
  let s = 7;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) - 0.5;
  for (let i = 0; i < 90; i++) { const c = centres[i % 3]; out.push([c[0] + r(), c[1] + r()]); }
  return out;
}

test('KMeans k-means++ and random init find well-separated blobs; lloyd = elkan', () => {
  const X = blobs();
  for (const init of ['k-means++', 'random'] as const) {
    const a = new KMeans({ nClusters: 3, init, randomState: 0 }).fit(X);
    const b = new KMeans({ nClusters: 3, init, randomState: 0, algorithm: 'elkan' }).fit(X);
    const la = Array.from(a.labels!.dataSync());
    assert.equal(la[0], la[3]); assert.notEqual(la[0], la[1]); assert.notEqual(la[1], la[2]);
    assert.deepEqual(la, Array.from(b.labels!.dataSync()));
    assert.ok(a.inertia < 90 * 0.5);
  }
});

test('KMeans is deterministic under randomState and does not touch the global stream result', () => {
  const X = blobs();
  const a = new KMeans({ nClusters: 4, randomState: 3, nInit: 'auto' }).fit(X);
  const b = new KMeans({ nClusters: 4, randomState: 3, nInit: 'auto' }).fit(X);
  assert.deepEqual(Array.from(a.clusterCenters!.dataSync()), Array.from(b.clusterCenters!.dataSync()));
});

test('KMeans errors: not fitted, too few samples, wrong features, bad init shape, NaN', () => {
  assert.throws(() => new KMeans().predict([[1, 2]]), NotFittedError);
  assert.throws(() => new KMeans({ nClusters: 3 }).fit([[1, 2], [3, 4]]), /nSamples=2 should be >= nClusters=3/);
  const km = new KMeans({ nClusters: 2, randomState: 0 }).fit(blobs());
  assert.throws(() => km.predict([[1, 2, 3]]), ShapeError);
  assert.throws(() => new KMeans({ nClusters: 2, init: [[1, 2, 3], [1, 2, 3]] }).fit(blobs()), ShapeError);
  assert.throws(() => new KMeans({ nClusters: 2 }).fit([[1, NaN], [1, 2], [3, 4]]), ValueError);
});

test('KMeans save/load round-trip predicts the same', () => {
  const km = new KMeans({ nClusters: 3, randomState: 1 }).fit(blobs());
  const back = KMeans.fromJSON(JSON.parse(JSON.stringify(km.toJSON())));
  assert.deepEqual(Array.from(back.predict(blobs()).dataSync()), Array.from(km.predict(blobs()).dataSync()));
  assert.deepEqual(Array.from(back.transform(blobs()).dataSync()), Array.from(km.transform(blobs()).dataSync()));
});
