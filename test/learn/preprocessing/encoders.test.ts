import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as pp from '../../../src/learn/preprocessing/index.js';
import { manualSeed, getRngState } from '../../../src/tensor/random.js';
import { NotFittedError } from '../../../src/tensor/errors.js';

const X = Array.from({ length: 40 }, (_, i) => [['a', 'b', 'c', 'd'][i % 4]]);
const y = Array.from({ length: 40 }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));

test('TargetEncoder: seeded shuffling is deterministic, differs by seed, leaves the global generator alone', () => {
  manualSeed(1);
  const before = getRngState();
  const a = new pp.TargetEncoder({ randomState: 0 }).fitTransform(X, y).toArray();
  const b = new pp.TargetEncoder({ randomState: 0 }).fitTransform(X, y).toArray();
  const c = new pp.TargetEncoder({ randomState: 9 }).fitTransform(X, y).toArray();
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(getRngState(), before);
});

test('TargetEncoder: cross-fitting differs from the full fit; unknown categories get the target mean', () => {
  const te = new pp.TargetEncoder({ smooth: 0, shuffle: false });
  const cross = te.fitTransform(X, y).toArray() as number[][];
  const full = te.transform(X).toArray() as number[][];
  assert.notDeepEqual(cross, full);
  // smooth 0 on the full fit is each category's plain target mean.
  const meanA = X.map((r, i) => (r[0] === 'a' ? y[i] : NaN)).filter((v) => !Number.isNaN(v));
  assert.ok(Math.abs(full[0][0] - meanA.reduce((s, v) => s + v, 0) / meanA.length) < 1e-12);
  const unknown = te.transform([['zz']]).toArray() as number[][];
  assert.ok(Math.abs(unknown[0][0] - (te.targetMean as number)) < 1e-15);
  assert.throws(() => new pp.TargetEncoder().transform(X), NotFittedError);
  assert.throws(() => new pp.TargetEncoder().fit(X, y.map((v, i) => (i % 3 === 0 ? 2 : v))), /3 classes/);
  assert.throws(() => new pp.TargetEncoder().fit(X, y.slice(1)), /40 and 39/);
});

test('TargetEncoder: string binary targets map the second sorted label to 1', () => {
  const te = new pp.TargetEncoder({ smooth: 0, shuffle: false, cv: 2 }).fit([['u'], ['u'], ['v'], ['v']], ['no', 'yes', 'yes', 'yes']);
  assert.deepEqual(te.classes, ['no', 'yes']);
  assert.deepEqual(te.transform([['u'], ['v']]).toArray(), [[0.5], [1]]);
});

test('KNNImputer: nan_euclidean scaling, errors', () => {
  const d = pp.nanEuclidean(Float64Array.from([1, NaN, 3]), Float64Array.from([2, 5, NaN]), Number.isNaN);
  assert.ok(Math.abs(d - Math.sqrt(3)) < 1e-15); // one shared coordinate, weight 3 / 1
  assert.throws(() => new pp.KNNImputer({ nNeighbors: 0 }).fit([[1]]), /positive integer/);
  assert.throws(() => new pp.KNNImputer().transform([[1]]), NotFittedError);
  const out = new pp.KNNImputer({ nNeighbors: 1 }).fitTransform([[0, 0], [10, 10], [1, NaN]]).toArray() as number[][];
  assert.deepEqual(out[2], [1, 0]);
});

test('PowerTransformer, QuantileTransformer, KBinsDiscretizer: bad input', () => {
  assert.throws(() => new pp.PowerTransformer({ method: 'box-cox' }).fit([[1], [0]]), /strictly positive/);
  assert.throws(() => new pp.QuantileTransformer({ nQuantiles: 0 }).fit([[1]]), /nQuantiles/);
  assert.throws(() => new pp.QuantileTransformer({ nQuantiles: 100, subsample: 10 }).fit([[1]]), /cannot be greater/);
  assert.throws(() => new pp.KBinsDiscretizer({ nBins: 1 }).fit([[1], [2]]), /nBins/);
  const kb = new pp.KBinsDiscretizer({ nBins: 2, encode: 'ordinal', strategy: 'uniform' }).fit([[0], [4]]);
  assert.deepEqual(kb.inverseTransform(kb.transform([[0], [4]])).toArray(), [[1], [3]]);
});

test('QuantileTransformer: subsample is seeded per randomState', () => {
  const data = Array.from({ length: 200 }, (_, i) => [Math.sin(i) * 100, (i * 37) % 11]);
  const q = (s: number) => new pp.QuantileTransformer({ nQuantiles: 20, subsample: 50, randomState: s }).fit(data).quantiles?.toArray();
  assert.deepEqual(q(1), q(1));
  assert.notDeepEqual(q(1), q(2));
});

test('KBinsDiscretizer: quantile subsample is seeded and only for quantile', () => {
  const data = Array.from({ length: 300 }, (_, i) => [Math.sin(i * 0.7) * 50 + i * 0.1]);
  const edges = (s: number) => new pp.KBinsDiscretizer({ nBins: 4, subsample: 40, randomState: s }).fit(data).binEdges?.map((e) => Array.from(e));
  assert.deepEqual(edges(3), edges(3));
  assert.notDeepEqual(edges(3), edges(4));
  const all = new pp.KBinsDiscretizer({ nBins: 4, subsample: null }).fit(data).binEdges;
  assert.deepEqual(new pp.KBinsDiscretizer({ nBins: 4, subsample: 1000 }).fit(data).binEdges, all);
});
