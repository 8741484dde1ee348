import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/creation.js';
import { ValueError } from '../../../src/tensor/errors.js';
import { KFold, crossValScore, crossValPredict, getScorerNames } from '../../../src/learn/modelSelection/index.js';
import { GaussianNB, NearestCentroid, Ridge } from './estimators.js';
import { close, fixture } from './fixture.js';

const d = fixture.data;
const Xc = tensor(d.Xc, { dtype: 'float64' }), yc = tensor(d.yc, { dtype: 'float64' }), yb = tensor(d.yb, { dtype: 'float64' });
const Xr = tensor(d.Xr, { dtype: 'float64' }), yr = tensor(d.yr, { dtype: 'float64' });

const prefixes: [string, () => { est: () => unknown; X: typeof Xc; y: typeof yc; cv: number | KFold }][] = [
  ['centroid_binary_', () => ({ est: () => new NearestCentroid(), X: Xc, y: yb, cv: 4 })],
  ['centroid_multi_', () => ({ est: () => new NearestCentroid(), X: Xc, y: yc, cv: 3 })],
  ['nb_binary_', () => ({ est: () => new GaussianNB(), X: Xc, y: yb, cv: 4 })],
  ['nb_multi_', () => ({ est: () => new GaussianNB(), X: Xc, y: yc, cv: 3 })],
  ['ridge_', () => ({ est: () => new Ridge(), X: Xr, y: yr, cv: new KFold({ nSplits: 4 }) })],
];

for (const [key, expected] of Object.entries(fixture.scorers as Record<string, number[]>)) {
  const [prefix, setup] = prefixes.find(([p]) => key.startsWith(p))!;
  const name = key.slice(prefix.length);
  test(`sklearn parity: crossValScore scoring '${name}' (${prefix.slice(0, -1)})`, () => {
    const s = setup();
    close(crossValScore(s.est() as Ridge, s.X, s.y, { cv: s.cv, scoring: name }), expected, 1e-9, key);
  });
}

test('sklearn parity: crossValPredict predictProba columns (GaussianNB, stratified cv=3)', () => {
  const p = crossValPredict(new GaussianNB(), Xc, yc, { cv: 3, method: 'predictProba' });
  assert.deepEqual(p.shape, [30, 3]);
  close(p.dataSync() as Float64Array, (fixture.nbPredictProba as number[][]).flat(), 1e-9, 'proba');
});

test('crossValPredict predictProba: a class missing from a training fold gets probability 0 in its column', () => {
  const y = [0, 0, 0, 1, 1, 1, 2, 2, 2];
  const X = tensor(y.map((c, i) => [c * 3 + (i % 3) * 0.1, 1 - c]), { dtype: 'float64' });
  const cv = [
    { train: Int32Array.of(0, 1, 3, 4, 5), test: Int32Array.of(2, 6, 7, 8) }, // no class 2 in training
    { train: Int32Array.of(2, 3, 6, 7, 8), test: Int32Array.of(0, 1, 4, 5) },
    { train: Int32Array.of(0, 1, 2, 4, 6, 7), test: Int32Array.of(3) },
  ];
  const p = crossValPredict(new GaussianNB(), X, tensor(y, { dtype: 'float64' }), { cv, method: 'predictProba' });
  assert.deepEqual(p.shape, [9, 3]);
  const d = p.dataSync() as Float64Array;
  for (const row of [2, 6, 7, 8]) assert.equal(d[row * 3 + 2], 0, `row ${row} has no class-2 probability`);
  for (let r = 0; r < 9; r++) assert.ok(Math.abs(d[3 * r] + d[3 * r + 1] + d[3 * r + 2] - 1) < 1e-12);
});

test('scorer names: scikit-learn’s names are registered; a ranking scorer needs scores', () => {
  const names = getScorerNames();
  for (const n of ['accuracy', 'r2', 'f1', 'f1_macro', 'roc_auc', 'neg_mean_squared_error', 'neg_log_loss', 'precision_weighted', 'recall_micro']) assert.ok(names.includes(n), n);
  assert.throws(() => crossValScore(new NearestCentroid(), Xc, yb, { cv: 3, scoring: 'roc_auc' }), (e) => e instanceof ValueError && /decisionFunction\(\) or predictProba\(\)/.test(e.message));
});
